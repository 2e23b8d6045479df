package org.tasl.fake;

/** Test double of UnitRecord (the units.csv columns). */
public record FakeUnitRecord(String unit, int layer, String module, String kind, int rank,
                             double importance, double cumulative, String category, double weight) {}
