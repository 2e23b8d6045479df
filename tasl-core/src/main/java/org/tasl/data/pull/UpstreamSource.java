package org.tasl.data.pull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the two benchmarks are published. The Long Sequence / Standard CL tasks are the
 * {@code CL_Benchmark/} folder of O-LoRA's reference repository (cmnfriend/O-LoRA), which the
 * TaSL paper uses: per task {@code train.json}, {@code dev.json} or {@code test.json}, and
 * {@code labels.json}, rows {"sentence", "label"}. The 15 SuperNI tasks are
 * {@code CL_Benchmark/SuperNI/<task>/} of SAPT's repository (circle-hit/SAPT): Super-
 * NaturalInstructions task files {"Definition", "Instances": [{"id", "input", "output": [..]}]}.
 * Both trees start with {@code CL_Benchmark/}, so one mirror ({@code --url-base}) can hold both.
 */
public final class UpstreamSource {
    public static final String LONG_SEQUENCE_BASE = "https://raw.githubusercontent.com/cmnfriend/O-LoRA/HEAD/";
    public static final String SUPERNI_BASE = "https://raw.githubusercontent.com/circle-hit/SAPT/HEAD/";

    /**
     * One task upstream.
     *
     * @param folder      its folder in the upstream tree, e.g. "CL_Benchmark/NLI/CB"
     * @param idPrefix    row ids are {@code <idPrefix>_<n>} (the upstream folder name)
     * @param instruction the prompt's instruction (Long Sequence), null for SuperNI
     */
    public record Task(String benchmark, String name, String folder, String idPrefix, String instruction) {}

    static final String NLI = "What is the logical relationship between the \"sentence 1\" and the \"sentence 2\"? "
            + "Choose one from the option. ";
    static final String QQP = "Whether the \"first sentence\" and the \"second sentence\" have the same meaning? "
            + "Choose one from the option. ";
    static final String SC = "What is the sentiment of the following paragraph? Choose one from the option. ";
    static final String TC = "What is the topic of the following paragraph? Choose one from the option. ";
    static final String BOOLQA = "According to the following passage, is the question true or false? "
            + "Choose one from the option. ";
    static final String MULTIRC = "According to the following passage and question, is the candidate answer true "
            + "or false? Choose one from the option. ";
    static final String WIC = "Given a word and two sentences, whether the word is used with the same sense in both "
            + "sentence? Choose one from the option. ";

    private static final Map<String, List<Task>> TASKS = new LinkedHashMap<>();

    static {
        TASKS.put("long-sequence", List.of(
                ls("agnews", "TC/agnews", TC), ls("amazon", "SC/amazon", SC), ls("boolqa", "BoolQA/BoolQA", BOOLQA),
                ls("cb", "NLI/CB", NLI), ls("copa", "COPA/COPA", BOOLQA), ls("dbpedia", "TC/dbpedia", TC),
                ls("imdb", "SC/IMDB", SC), ls("mnli", "NLI/MNLI", NLI), ls("multirc", "MultiRC/MultiRC", MULTIRC),
                ls("qqp", "QQP/QQP", QQP), ls("rte", "NLI/RTE", NLI), ls("sst-2", "SC/SST-2", SC),
                ls("wic", "WiC/WiC", WIC), ls("yahoo", "TC/yahoo", TC), ls("yelp", "SC/yelp", SC)));
        TASKS.put("superni", List.of(
                ni("task002_quoref_answer_generation"), ni("task073_commonsenseqa_answer_generation"),
                ni("task1290_xsum_summarization"), ni("task1510_evalution_relation_extraction"),
                ni("task1572_samsum_summary"), ni("task1590_diplomacy_text_generation"),
                ni("task1687_sentiment140_classification"), ni("task1729_personachat_generate_next"),
                ni("task181_outcome_extraction"), ni("task363_sst2_polarity_classification"),
                ni("task511_reddit_tifu_long_text_summarization"), ni("task591_sciq_answer_generation"),
                ni("task639_multi_woz_user_utterance_generation"),
                ni("task748_glucose_reverse_cause_event_detection"), ni("task875_emotion_classification")));
    }

    private static Task ls(String name, String folder, String instruction) {
        String id = folder.substring(folder.indexOf('/') + 1);
        return new Task("long-sequence", name, "CL_Benchmark/" + folder, id, instruction);
    }

    private static Task ni(String folder) {
        String name = folder.substring(0, folder.indexOf('_'));
        return new Task("superni", name, "CL_Benchmark/SuperNI/" + folder, name, null);
    }

    private UpstreamSource() {}

    public static List<String> benchmarks() {
        return List.copyOf(TASKS.keySet());
    }

    public static List<Task> tasks(String benchmark) {
        List<Task> t = TASKS.get(benchmark);
        if (t == null) {
            throw new IllegalArgumentException("unknown benchmark '" + benchmark + "' to pull; known: "
                    + String.join(", ", TASKS.keySet()) + ", all");
        }
        return t;
    }

    /** The default base URL of a benchmark's upstream tree (ends with '/'). */
    public static String defaultBase(String benchmark) {
        return benchmark.equals("superni") ? SUPERNI_BASE : LONG_SEQUENCE_BASE;
    }
}
