package org.tasl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BuiltinStreamTest {

    @Test
    void everyTaskIsGeneratedIdenticallyEveryTime() {
        for (String name : BuiltinStream.taskNames()) {
            assertEquals(BuiltinStream.task(name), BuiltinStream.task(name), name);
        }
    }

    @Test
    void tasksAreDistinctSkillsWithSingleWordLabels() {
        assertEquals(List.of("sentiment", "topic", "negation", "parity", "count"), BuiltinStream.taskNames());
        Set<String> allLabels = new HashSet<>();
        for (String name : BuiltinStream.taskNames()) {
            Task t = BuiltinStream.task(name);
            assertEquals(BuiltinStream.TRAIN_ROWS, t.train().size());
            assertEquals(BuiltinStream.EVAL_ROWS, t.eval().size());
            for (String l : t.labels()) {
                assertTrue(l.matches("[a-z]+"), "label '" + l + "' must be one lower-case word");
                assertTrue(allLabels.add(l), "label '" + l + "' is used by two tasks");
            }
        }
    }

    @Test
    void rowsArePromptsEndingInAnswerWithBalancedLabelsAndNoTrainEvalOverlap() {
        for (String name : BuiltinStream.taskNames()) {
            Task t = BuiltinStream.task(name);
            Set<String> trainInputs = new HashSet<>();
            for (Example e : t.train()) {
                assertTrue(e.input().endsWith("\nAnswer:"), e.input());
                assertTrue(e.input().contains("Option: "), e.input());
                assertTrue(t.labels().contains(e.output()));
                trainInputs.add(e.input());
            }
            assertEquals(t.train().size(), trainInputs.size(), name + ": duplicate train inputs");
            for (Example e : t.eval()) {
                assertTrue(!trainInputs.contains(e.input()), name + ": eval row also in train: " + e.input());
            }
            Map<String, Long> counts = t.train().stream()
                    .collect(Collectors.groupingBy(Example::output, Collectors.counting()));
            long min = counts.values().stream().mapToLong(Long::longValue).min().orElse(0);
            long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
            assertEquals(t.labels().size(), counts.size(), name + ": every label occurs");
            assertTrue(max - min <= 0.3 * BuiltinStream.TRAIN_ROWS / t.labels().size(), name + " unbalanced: " + counts);
        }
    }

    @Test
    void theLabelFollowsFromTheText() {
        Function<String, String> text = in -> in.substring(in.indexOf("\nText: ") + 7, in.lastIndexOf("\nAnswer:"));
        for (Example e : BuiltinStream.task("parity").train()) {
            int n = Integer.parseInt(text.apply(e.input()).replaceAll("[^0-9]", ""));
            assertEquals(n % 2 == 0 ? "even" : "odd", e.output());
        }
        for (Example e : BuiltinStream.task("count").train()) {
            int k = text.apply(e.input()).split(",").length;
            assertEquals(List.of("two", "three", "four").get(k - 2), e.output());
        }
        for (Example e : BuiltinStream.task("negation").train()) {
            String s = text.apply(e.input());
            boolean negated = s.matches(".*\\b(not|never|cannot)\\b.*");
            assertEquals(negated ? "yes" : "no", e.output(), s);
        }
    }

    @Test
    void loaderServesTheStreamWithoutFilesAndSubsamplesWithTheRunSeed() {
        BenchmarkLoader loader = new BenchmarkLoader(java.nio.file.Path.of("/nonexistent"));
        Benchmark b = loader.load("builtin", null, null, BenchmarkLoader.Options.defaults().withSizes(50, 20));
        assertEquals(TaskOrders.get("builtin", 1), b.taskNames());
        assertEquals(1, b.order());
        assertEquals(50, b.tasks().get(0).train().size());
        assertEquals(20, b.tasks().get(0).eval().size());
        Benchmark again = loader.load("builtin", null, null, BenchmarkLoader.Options.defaults().withSizes(50, 20));
        assertEquals(b.tasks(), again.tasks());
        Benchmark other = loader.load("builtin", null, null,
                BenchmarkLoader.Options.defaults().withSizes(50, 20).withSeed(99));
        assertNotEquals(b.tasks().get(0).train(), other.tasks().get(0).train());
        Benchmark custom = loader.load("builtin", null, List.of("count", "parity"), BenchmarkLoader.Options.defaults());
        assertEquals(List.of("count", "parity"), custom.taskNames());
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> loader.load("builtin", null, List.of("poetry"), BenchmarkLoader.Options.defaults()));
        assertTrue(e.getMessage().contains("known tasks: [sentiment, topic, negation, parity, count]"), e.getMessage());
    }

    @Test
    void everyLabelIsOneWordPieceTokenOfTheUncasedBertVocabulary() throws java.io.IOException {
        java.nio.file.Path vocab = null;
        java.nio.file.Path cache = java.nio.file.Path.of(System.getProperty("user.home"), ".cache/tasl/backbones");
        if (java.nio.file.Files.isDirectory(cache)) {
            try (var s = java.nio.file.Files.walk(cache, 2)) {
                vocab = s.filter(p -> p.getFileName().toString().equals("vocab.txt")).findFirst().orElse(null);
            }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(vocab != null,
                "no uncased WordPiece vocab.txt under ~/.cache/tasl/backbones: skipped");
        Set<String> tokens = new HashSet<>(java.nio.file.Files.readAllLines(vocab));
        for (String name : BuiltinStream.taskNames()) {
            for (String l : BuiltinStream.task(name).labels()) {
                assertTrue(tokens.contains(l), "label '" + l + "' of " + name + " is not one token of " + vocab);
            }
        }
    }
}
