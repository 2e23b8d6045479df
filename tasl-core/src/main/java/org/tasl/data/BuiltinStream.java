package org.tasl.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import org.tasl.eval.MetricKind;

/**
 * A small continual-learning stream the project generates itself, so that {@code ./tasl demo}
 * runs when no benchmark is installed. Each task is a distinct skill phrased like the Long
 * Sequence prompts (instruction, options, text, "Answer:"); every label is one common English
 * word, so a BERT-family masked-LM head can answer it as a single token.
 *
 * <ul>
 *   <li>sentiment — is a short review good or bad?</li>
 *   <li>topic — is a sentence about sports, food, music or science?</li>
 *   <li>negation — does a sentence deny something (yes/no)?</li>
 *   <li>parity — is a number even or odd?</li>
 *   <li>count — how many items does a list name (two/three/four)?</li>
 * </ul>
 * Rows come from templates and word lists drawn with a seeded generator: the same seed gives
 * the same rows on every machine. Train and evaluation rows never share an input.
 */
public final class BuiltinStream {
    public static final int TRAIN_ROWS = 300;
    public static final int EVAL_ROWS = 100;
    /** The stream's rows are fixed by this seed; the run seed only picks subsamples. */
    public static final long DATA_SEED = 2024;

    private static final List<String> NAMES = List.of("Anna", "Ben", "Carla", "David", "Emma", "Farid", "Grace",
            "Hugo", "Iris", "Jonas", "Kara", "Leo", "Maya", "Nils", "Olga", "Pablo", "Rosa", "Sam", "Tara", "Victor");

    private record Skill(String name, List<String> labels, BiFunction<String, Random, String> text, String instruction) {}

    private static final Map<String, Skill> SKILLS = new LinkedHashMap<>();

    static {
        add(new Skill("sentiment", List.of("good", "bad"), BuiltinStream::review,
                "What is the sentiment of the following review? Choose one from the option."));
        add(new Skill("topic", List.of("sports", "food", "music", "science"), BuiltinStream::topicSentence,
                "What is the topic of the following sentence? Choose one from the option."));
        add(new Skill("negation", List.of("yes", "no"), BuiltinStream::negationSentence,
                "Does the following sentence contain a negation? Choose one from the option."));
        add(new Skill("parity", List.of("even", "odd"), BuiltinStream::numberText,
                "Is the following number even or odd? Choose one from the option."));
        add(new Skill("count", List.of("two", "three", "four"), BuiltinStream::itemList,
                "How many items does the following list name? Choose one from the option."));
    }

    private static void add(Skill s) {
        SKILLS.put(s.name(), s);
    }

    private BuiltinStream() {}

    public static List<String> taskNames() {
        return List.copyOf(SKILLS.keySet());
    }

    /** One generated task with all its rows (TRAIN_ROWS train, EVAL_ROWS evaluation). */
    public static Task task(String name) {
        Skill s = SKILLS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown task '" + name + "' in benchmark 'builtin'; known tasks: "
                    + taskNames());
        }
        Random rng = new Random(DATA_SEED * 31 + name.hashCode());
        Set<String> seen = new LinkedHashSet<>();
        List<Example> rows = new ArrayList<>();
        String options = "Option: " + String.join(", ", s.labels()) + ".";
        int attempts = 0;
        while (rows.size() < TRAIN_ROWS + EVAL_ROWS) {
            if (++attempts > 100_000) {
                throw new IllegalStateException("built-in task " + name + " cannot generate enough distinct rows");
            }
            String label = s.labels().get(rows.size() % s.labels().size());
            String text = s.text().apply(label, rng);
            if (!seen.add(text)) {
                continue;
            }
            String input = s.instruction() + " " + options + "\nText: " + text + "\nAnswer:";
            rows.add(new Example(name + "_" + rows.size(), input, label));
        }
        // Interleaved labels, then a seeded shuffle: balanced classes, no order to learn.
        java.util.Collections.shuffle(rows, rng);
        List<Example> train = rows.subList(0, TRAIN_ROWS);
        List<Example> eval = rows.subList(TRAIN_ROWS, rows.size());
        return new Task(name, train, eval, s.labels().stream().sorted().toList(), MetricKind.EXACT_MATCH, 0);
    }

    /** The built-in stream as a benchmark: a built-in order (default 1) or any list of its tasks. */
    public static Benchmark benchmark(Integer order, List<String> tasks, BenchmarkLoader.Options options) {
        List<String> names;
        Integer usedOrder = null;
        if (tasks != null && !tasks.isEmpty()) {
            names = tasks;
        } else {
            usedOrder = order == null ? 1 : order;
            names = TaskOrders.get(TaskOrders.BUILTIN, usedOrder);
        }
        List<Task> out = new ArrayList<>();
        for (String n : names) {
            Task full = task(n);
            long taskSeed = options.seed() * 1_000_003L + n.hashCode();
            out.add(new Task(n,
                    BenchmarkLoader.subsample(full.train(), options.trainPerTask(), new Random(taskSeed)),
                    BenchmarkLoader.subsample(full.eval(), options.evalPerTask(), new Random(taskSeed ^ 0x5DEECE66DL)),
                    full.labels(), full.metric(), 0));
        }
        return new Benchmark(TaskOrders.BUILTIN, out, usedOrder, Map.of(), TaskOrders.BUILTIN);
    }

    // ---- generators: each returns a text whose answer is `label` ----

    private static final List<String> REVIEW_THINGS = List.of("food", "service", "movie", "hotel", "book", "staff",
            "room", "concert", "coffee", "pizza", "show", "album", "game", "soup", "trip", "phone", "car", "song",
            "lesson", "museum");
    private static final List<String> GOOD = List.of("wonderful", "excellent", "delicious", "friendly", "great",
            "lovely", "amazing", "superb", "pleasant", "fantastic", "perfect", "charming");
    private static final List<String> BAD = List.of("terrible", "awful", "bland", "rude", "horrible",
            "disappointing", "dreadful", "poor", "boring", "nasty", "broken", "dirty");
    private static final List<String> GOOD_ENDINGS = List.of("I would come back.", "We loved it.",
            "Highly recommended.", "It made my day.", "Worth every penny.");
    private static final List<String> BAD_ENDINGS = List.of("I will not come back.", "We regretted it.",
            "Avoid it.", "It ruined my day.", "A waste of money.");

    private static String review(String label, Random r) {
        boolean good = label.equals("good");
        List<String> adj = good ? GOOD : BAD;
        String a = pick(REVIEW_THINGS, r);
        String b = pick(REVIEW_THINGS, r);
        while (b.equals(a)) {
            b = pick(REVIEW_THINGS, r);
        }
        return "The " + a + " was " + pick(adj, r) + " and the " + b + " was " + pick(adj, r) + ". "
                + pick(good ? GOOD_ENDINGS : BAD_ENDINGS, r);
    }

    private static final Map<String, List<String>> TOPIC_WORDS = Map.of(
            "sports", List.of("football match", "tennis final", "marathon", "goalkeeper", "basketball team",
                    "referee", "swimming race", "league table", "coach", "stadium", "penalty kick", "cycling tour"),
            "food", List.of("recipe", "bread", "cheese", "soup", "kitchen", "chef", "salad", "oven", "dessert",
                    "restaurant menu", "pasta", "spices"),
            "music", List.of("guitar", "concert", "piano", "orchestra", "song", "drummer", "album", "violin",
                    "choir", "melody", "band", "singer"),
            "science", List.of("experiment", "laboratory", "telescope", "molecule", "physics lecture", "microscope",
                    "chemistry exam", "research paper", "planet", "cell biology", "theory", "scientist"));
    private static final List<String> TOPIC_TEMPLATES = List.of("%s talked about the %s and the %s all evening.",
            "%s wrote a long note about the %s and the %s.", "Yesterday %s could not stop thinking of the %s and the %s.",
            "%s asked a friend about the %s and the %s.", "In the newspaper, %s read about the %s and the %s.");

    private static String topicSentence(String label, Random r) {
        List<String> words = TOPIC_WORDS.get(label);
        String a = pick(words, r);
        String b = pick(words, r);
        while (b.equals(a)) {
            b = pick(words, r);
        }
        return String.format(pick(TOPIC_TEMPLATES, r), pick(NAMES, r), a, b);
    }

    private static final List<String> OBJECTS = List.of("the garden", "the old bridge", "the new library",
            "the red car", "the small cafe", "the city park", "the train station", "the mountain trail",
            "the river", "the bakery", "the school", "the market", "the beach", "the theatre");
    private static final List<String> AFFIRMATIVE = List.of("likes", "visited", "enjoys", "remembers", "found",
            "painted", "photographed", "recommends");
    private static final List<String> NEGATED = List.of("does not like", "never visited", "does not enjoy",
            "cannot remember", "did not find", "never painted", "has not photographed", "would not recommend");

    private static String negationSentence(String label, Random r) {
        List<String> verbs = label.equals("yes") ? NEGATED : AFFIRMATIVE;
        return pick(NAMES, r) + " " + pick(verbs, r) + " " + pick(OBJECTS, r) + ".";
    }

    private static String numberText(String label, Random r) {
        int n = 2 * r.nextInt(500) + (label.equals("odd") ? 1 : 0);
        return "The number is " + n + ".";
    }

    private static final List<String> ITEMS = List.of("apple", "pear", "lamp", "chair", "book", "pencil", "cup",
            "hat", "shoe", "clock", "plate", "bottle", "key", "coin", "ball", "brush", "candle", "mirror", "spoon",
            "basket");

    private static String itemList(String label, Random r) {
        int k = switch (label) {
            case "two" -> 2;
            case "three" -> 3;
            default -> 4;
        };
        List<String> items = new ArrayList<>(ITEMS);
        java.util.Collections.shuffle(items, r);
        return String.join(", ", items.subList(0, k)) + ".";
    }

    private static String pick(List<String> xs, Random r) {
        return xs.get(r.nextInt(xs.size()));
    }
}
