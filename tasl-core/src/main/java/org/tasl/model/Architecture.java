package org.tasl.model;

/** How a backbone turns an input into an answer, which decides how labels are scored. */
public enum Architecture {
    /** BERT family: cloze with the MLM head ("... Answer: [MASK]"). */
    ENCODER,
    /** T5 family: encoder reads the input, decoder produces the answer. */
    ENCODER_DECODER,
    /** LLaMA family: the answer continues the input. */
    DECODER
}
