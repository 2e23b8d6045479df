package org.tasl.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tasl.data.Example;

/** TASL_SPEC §7, replay: M = 2 % of a task's training set, at least 10, random with a seed. */
class ReplayMemoryTest {

    private static List<Example> train(String task, int n) {
        List<Example> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new Example(task + "-" + i, "input " + i, "label " + (i % 3)));
        }
        return list;
    }

    @Test
    void sizeIsTwoPercentButAtLeastTenAndAtMostTheTask() {
        ReplayMemory memory = new ReplayMemory(42);
        assertEquals(10, memory.sizeFor(100));   // 2 → at least 10
        assertEquals(10, memory.sizeFor(500));   // exactly 10
        assertEquals(20, memory.sizeFor(1000));
        assertEquals(20, memory.sizeFor(1049));  // floor(20.98)
        assertEquals(5, memory.sizeFor(5));      // the whole task
        assertEquals(0, memory.sizeFor(0));
        assertEquals(3, new ReplayMemory(0.1, 1, 42).sizeFor(30));
    }

    @Test
    void theSampleIsDeterministicForASeedAndDistinctExamplesInTheirOrder() {
        List<Example> dbpedia = train("dbpedia", 1000);
        List<Example> first = new ReplayMemory(42).remember("dbpedia", dbpedia);
        List<Example> again = new ReplayMemory(42).remember("dbpedia", dbpedia);
        assertEquals(first, again);
        assertEquals(20, first.size());
        assertEquals(20, new HashSet<>(first).size());
        assertTrue(dbpedia.containsAll(first));
        for (int i = 1; i < first.size(); i++) {
            assertTrue(dbpedia.indexOf(first.get(i - 1)) < dbpedia.indexOf(first.get(i)));
        }
        assertNotEquals(first, new ReplayMemory(7).remember("dbpedia", dbpedia));
    }

    @Test
    void memoryIsMixedIntoLaterTasks() {
        ReplayMemory memory = new ReplayMemory(42);
        memory.remember("dbpedia", train("dbpedia", 1000));
        memory.remember("amazon", train("amazon", 100));
        assertEquals(List.of("dbpedia", "amazon"), List.copyOf(memory.byTask().keySet()));
        assertEquals(30, memory.size());
        List<Example> yahoo = train("yahoo", 50);
        List<Example> mixed = memory.mixInto(yahoo);
        assertEquals(80, mixed.size());
        assertEquals(yahoo, mixed.subList(0, 50));
        assertEquals(memory.examples(), mixed.subList(50, 80));
    }
}
