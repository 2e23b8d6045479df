package org.tasl.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The published task orders (TASL_SPEC §9). Long Sequence orders 1–3 use all 15 tasks;
 * orders 4–6 are the four-task Standard CL benchmark, read from the same data folder.
 */
public final class TaskOrders {
    public static final String LONG_SEQUENCE = "long-sequence";
    public static final String SUPERNI = "superni";
    public static final String BUILTIN = "builtin";

    private static final Map<String, Map<Integer, List<String>>> ORDERS = new LinkedHashMap<>();

    static {
        Map<Integer, List<String>> ls = new TreeMap<>();
        ls.put(1, List.of("mnli", "cb", "wic", "copa", "qqp", "boolqa", "rte", "imdb", "yelp", "amazon",
                "sst-2", "dbpedia", "agnews", "multirc", "yahoo"));
        ls.put(2, List.of("multirc", "boolqa", "wic", "mnli", "cb", "copa", "qqp", "rte", "imdb", "sst-2",
                "dbpedia", "agnews", "yelp", "amazon", "yahoo"));
        ls.put(3, List.of("yelp", "amazon", "mnli", "cb", "copa", "qqp", "rte", "imdb", "sst-2", "dbpedia",
                "agnews", "yahoo", "multirc", "boolqa", "wic"));
        ls.put(4, List.of("dbpedia", "amazon", "yahoo", "agnews"));
        ls.put(5, List.of("dbpedia", "amazon", "agnews", "yahoo"));
        ls.put(6, List.of("yahoo", "amazon", "agnews", "dbpedia"));
        ORDERS.put(LONG_SEQUENCE, ls);

        Map<Integer, List<String>> ni = new TreeMap<>();
        ni.put(1, List.of("task1572", "task363", "task1290", "task181", "task002", "task1510", "task639",
                "task1729", "task073", "task1590", "task748", "task511", "task591", "task1687", "task875"));
        ni.put(2, List.of("task748", "task073", "task1590", "task639", "task1572", "task1687", "task591",
                "task363", "task1510", "task1729", "task181", "task511", "task002", "task1290", "task875"));
        ORDERS.put(SUPERNI, ni);

        Map<Integer, List<String>> bi = new TreeMap<>();
        bi.put(1, List.of("sentiment", "topic", "negation", "parity"));
        bi.put(2, List.of("count", "parity", "topic", "negation", "sentiment"));
        ORDERS.put(BUILTIN, bi);
    }

    private TaskOrders() {}

    /** The benchmarks with built-in orders. */
    public static List<String> benchmarks() {
        return List.copyOf(ORDERS.keySet());
    }

    public static boolean hasOrders(String benchmark) {
        return ORDERS.containsKey(benchmark);
    }

    /** The orders of a benchmark, by number. */
    public static Map<Integer, List<String>> orders(String benchmark) {
        Map<Integer, List<String>> m = ORDERS.get(benchmark);
        if (m == null) {
            throw new IllegalArgumentException("benchmark '" + benchmark + "' has no built-in task orders; known: "
                    + ORDERS.keySet() + " (give the tasks with --tasks instead)");
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    public static List<String> get(String benchmark, int order) {
        List<String> tasks = orders(benchmark).get(order);
        if (tasks == null) {
            throw new IllegalArgumentException("benchmark '" + benchmark + "' has no order " + order
                    + "; known orders: " + orders(benchmark).keySet());
        }
        return tasks;
    }

    /** Every task name that appears in some order of the benchmark, sorted. */
    public static List<String> allTasks(String benchmark) {
        java.util.TreeSet<String> s = new java.util.TreeSet<>();
        orders(benchmark).values().forEach(s::addAll);
        return List.copyOf(s);
    }
}
