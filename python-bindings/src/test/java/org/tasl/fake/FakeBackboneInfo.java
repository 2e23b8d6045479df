package org.tasl.fake;

/** Test double of BackboneInfo. */
public record FakeBackboneInfo(String name, long parameters, int hidden, int layers, boolean cached, String source) {}
