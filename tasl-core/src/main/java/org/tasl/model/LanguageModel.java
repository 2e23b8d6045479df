package org.tasl.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.tasl.data.Example;
import org.tasl.data.Task;
import org.tasl.scoring.LabelLoss;
import org.tasl.tokenize.TextTokenizer;

/**
 * A backbone as the continual-learning engine sees it: named parameters, a differentiable loss
 * on (input, output) pairs, and two ways to answer — ranking a task's candidate labels and
 * greedy generation. Encoders answer by cloze with their MLM head, T5 with its decoder, LLaMA
 * by continuation; the engine does not care which.
 *
 * <p>Every NDArray a call creates belongs to the {@code scope} manager it is given; the model's
 * own parameters belong to {@link #manager()} and live until {@link #close()}.
 */
public interface LanguageModel extends AutoCloseable {

    /** Catalog name or folder name, e.g. "bert-base-uncased". */
    String name();

    Architecture architecture();

    ModelConfig config();

    TextTokenizer tokenizer();

    Device device();

    /** Owns the parameters. */
    NDManager manager();

    /**
     * Every parameter by its stable Hugging Face name (LoRA tensors included, PEFT-style:
     * {@code <module path>.lora_A.<adapter>.weight}), in a deterministic order.
     */
    Map<String, NDArray> parameters();

    /** The LoRA adapters injected into this model (empty when none were added). */
    org.tasl.lora.LoraModel lora();

    /**
     * Puts the frozen weights into {@code precision}'s type (see {@link Precision}); trainable
     * tensors stay float32. Call it after loading, before adapters train.
     *
     * @throws UnsupportedOperationException for a model without a mixed-precision path
     */
    default void setPrecision(Precision precision) {
        if (precision != Precision.FP32) {
            throw new UnsupportedOperationException("precision " + precision.id() + " is implemented for BERT-family"
                    + " encoders; " + name() + " (" + architecture() + ") runs in fp32");
        }
    }

    /** The precision of the frozen weights. */
    default Precision precision() {
        return Precision.FP32;
    }

    /**
     * Maximum input length in tokens. A longer prompt loses the end of its passage; its first line
     * (instruction and option list) and last line (answer cue) stay (see PromptTruncation).
     */
    int maxInputTokens();

    void setMaxInputTokens(int tokens);

    /**
     * Mean token cross-entropy of producing each example's {@code output} from its
     * {@code input}; a scalar that autograd can differentiate. {@code training} turns dropout on.
     */
    NDArray loss(NDManager scope, List<Example> batch, boolean training);

    /**
     * The host half of {@link #loss(NDManager, List, boolean)}: the batch as the arrays its loss
     * reads, which then computes the same loss from them on the device ({@link LossInputs#loss});
     * null when this model (or this batch's loss setting) computes its loss only in one piece.
     * Validates the batch exactly as the one-piece loss does.
     */
    default LossInputs lossInputs(List<Example> batch) {
        return null;
    }

    /**
     * Log-likelihood (sum over the candidate's tokens) of every candidate answer for every
     * input: result[i][c]. Rank classification picks the argmax.
     */
    float[][] scoreCandidates(NDManager scope, List<String> inputs, List<String> candidates);

    /** Greedy decoding of at most {@code maxNewTokens} answer tokens per input. */
    List<String> generate(NDManager scope, List<String> inputs, int maxNewTokens);

    /**
     * Free decoding for a task whose known answers are {@code labels} (empty: none known). The
     * labels shape the answer, never choose it: an encoder takes its number of answer slots from
     * them; a decoder ignores them.
     */
    default List<String> generate(NDManager scope, List<String> inputs, int maxNewTokens, List<String> labels) {
        return generate(scope, inputs, maxNewTokens);
    }

    /**
     * Announces the tasks the model will be trained and scored on, with the training loss's
     * normalisation: an encoder gives every task fixed answer slots from its label set (see
     * AnswerSlots) and recognises each task's rows by value. Decoders need nothing.
     */
    default void prepareTasks(List<Task> tasks, LabelLoss labelLoss) {}

    @Override
    void close();
}
