package org.tasl.tokenize;

/** Ids of the special tokens a model family uses; -1 where the vocabulary has none. */
public record SpecialTokens(int pad, int unk, int cls, int sep, int mask, int bos, int eos) {}
