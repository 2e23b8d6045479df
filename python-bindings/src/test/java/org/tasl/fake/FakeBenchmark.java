package org.tasl.fake;

import java.util.List;

/** Test double of Benchmark. */
public record FakeBenchmark(String name, Integer order, List<String> tasks, int trainPerTask, int evalPerTask, long seed) {}
