package org.tasl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PorterStemmerTest {

    @Test
    void nltkDocumentationExample() {
        // NLTK's stem howto, PorterStemmer() in its default mode
        List<String> words = List.of("caresses", "flies", "dies", "mules", "denied", "died", "agreed", "owned",
                "humbled", "sized", "meeting", "stating", "siezing", "itemization", "sensational", "traditional",
                "reference", "colonizer", "plotted");
        assertEquals("caress fli die mule deni die agre own humbl size meet state siez item sensat tradit refer "
                + "colon plot", String.join(" ", words.stream().map(PorterStemmer::stem).toList()));
    }

    @Test
    void stepsOfTheAlgorithm() {
        assertEquals("hop", PorterStemmer.stem("hopping"));      // 1b: double consonant undoubled
        assertEquals("fall", PorterStemmer.stem("falling"));     // ... but not l
        assertEquals("file", PorterStemmer.stem("filing"));      // 1b: m=1 and cvc -> +e
        assertEquals("happi", PorterStemmer.stem("happy"));      // 1c: consonant + y -> i
        assertEquals("relat", PorterStemmer.stem("relational")); // 2 then 4
        assertEquals("electr", PorterStemmer.stem("electrical"));
        assertEquals("adjust", PorterStemmer.stem("adjustment"));
        assertEquals("adopt", PorterStemmer.stem("adoption"));   // 4: ion after t
        assertEquals("control", PorterStemmer.stem("controlling"));
        assertEquals("sky", PorterStemmer.stem("skies"));        // irregular form
        assertEquals("die", PorterStemmer.stem("dying"));
    }

    @Test
    void measureCountsVowelConsonantPairs() {
        assertEquals(0, PorterStemmer.measure("tr"));
        assertEquals(1, PorterStemmer.measure("trouble"));
        assertEquals(2, PorterStemmer.measure("troubles"));
        assertEquals(2, PorterStemmer.measure("private"));
    }

    @Test
    void rougeWithStemmingMatchesInflectedForms() {
        // pred [the cat are run] (cats, running stemmed; 'are' and 'the' too short to stem), ref [the cat run]
        RougeL.Score s = RougeL.score("The cats are running", "the cat runs", true);
        assertEquals(3.0 / 4, s.precision(), 1e-12);
        assertEquals(1.0, s.recall(), 1e-12);
        assertEquals(2 * 0.75 / 1.75, s.f1(), 1e-12);
        // without stemming only 'the' matches
        assertEquals(2 * 0.25 * (1.0 / 3) / (0.25 + 1.0 / 3), RougeL.f1("The cats are running", "the cat runs"), 1e-12);
        assertEquals(100.0 * 2 * 0.75 / 1.75, MetricKind.ROUGE_L.score("The cats are running", "the cat runs"), 1e-9);
    }
}
