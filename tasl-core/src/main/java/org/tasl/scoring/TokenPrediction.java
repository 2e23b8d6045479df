package org.tasl.scoring;

/** One candidate filler of a mask: its vocabulary entry, id, softmax probability and raw logit. */
public record TokenPrediction(String token, int id, double score, double logit) {}
