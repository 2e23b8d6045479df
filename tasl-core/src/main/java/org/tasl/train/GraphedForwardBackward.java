package org.tasl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.pytorch.engine.PtNDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.tasl.data.Example;
import org.tasl.model.LanguageModel;
import org.tasl.model.LossInputs;
import org.tasl.nn.CudaGraph;
import org.tasl.nn.CudaGraphPool;
import org.tasl.nn.CudaStreamScope;
import org.tasl.nn.ThreadGradientCollector;

/**
 * The forward and backward pass of one training micro-batch, replayed as a CUDA graph where it
 * can be: a step of BERT-base dispatches ~2,000 operators one by one from the host, which on a
 * GPU takes several times longer than the kernels themselves, while a replayed graph launches
 * them all with one call.
 *
 * <p>How: the batch's host half ({@link LanguageModel#lossInputs}) is padded so that its length
 * is a multiple of {@value #BUCKET} (padding changes no loss value: padded tokens are masked
 * out of attention and hold no target), which leaves a few shapes per task. The first batch of
 * a shape runs op by op (it also warms up whatever the kernels of that shape set up lazily); the
 * second is captured into a graph that reads fixed input arrays, and from then on each batch of
 * that shape is copied into those arrays and the graph replayed. Gradients accumulate into the
 * parameters' existing gradient arrays (the trainer zeroes them in place), so the optimizer, the
 * gradient statistics and every plugin see them exactly as in the op-by-op path. Dropout draws
 * fresh masks in every replay (PyTorch advances the graph's random offsets). A task's batches
 * share one answer length, so only the length bucket and the last short batch make new shapes;
 * batches that mix tasks with different answer lengths (mtl, replay) have more shapes, each
 * captured at its second occurrence.
 *
 * <p>Everything else takes the op-by-op path, which is also the only one where graphs are off
 * ({@code cuda_graphs=off}), on a CPU, without the project's native library, outside a
 * {@link CudaStreamScope}, and for models or settings without a host half (T5, LLaMA,
 * label_loss=labels). A capture that fails (an operator that copies between host and device, or
 * waits for it) fails the run, saying so: PyTorch leaves its random generator in capture mode
 * after a failed capture, so no later dropout of the process could run; {@code cuda_graphs=off}
 * is the way around. Instances live for one task: a task may add or swap the trainable tensors
 * a graph would read.
 *
 * <p>Runs that share a process (a threads sweep) share PyTorch's default CUDA random generator,
 * which is in capture mode while any thread captures: a dropout on another thread at that moment
 * fails. So a capture takes a process-wide lock that every other micro-batch takes shared. (All
 * graphs also read their random offsets from that generator's one pair of device tensors, so two
 * runs replaying at the same instant may draw the same dropout masks as each other — never a
 * mask of their own twice.)
 */
public final class GraphedForwardBackward implements AutoCloseable {
    /** Sequence lengths are padded up to a multiple of this many tokens. */
    public static final int BUCKET = 32;

    /** Held exclusively by a capture (and by emptying a finished task's pool), shared by every other micro-batch. */
    private static final ReentrantReadWriteLock CAPTURING = new ReentrantReadWriteLock();

    /** How a micro-batch's loss becomes what backward starts from; runs inside captures, so device work only. */
    @FunctionalInterface
    public interface Objective {
        NDArray of(NDArray loss, NDManager scope);
    }

    private final LanguageModel model;
    private final CudaStreamScope stream;
    private final Map<String, Captured> graphs = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private NDManager keep;
    private CudaGraphPool pool;
    private long[] parameterHandles;
    private int eagerSteps;
    private int captures;
    private int replays;

    private record Captured(CudaGraph graph, NDList inputs, NDArray loss) {}

    private GraphedForwardBackward(LanguageModel model, CudaStreamScope stream) {
        this.model = model;
        this.stream = stream;
    }

    /**
     * Graphs when {@code wanted} and the calling thread is inside a {@link CudaStreamScope} on the
     * model's device; else every step op by op.
     */
    public static GraphedForwardBackward open(LanguageModel model, boolean wanted) {
        CudaStreamScope scope = CudaStreamScope.current();
        boolean usable = wanted && scope != null && scope.device().equals(model.device());
        return new GraphedForwardBackward(model, usable ? scope : null);
    }

    /** Whether steps may be replayed from graphs (false: every step op by op). */
    public boolean graphsOn() {
        return stream != null;
    }

    /**
     * Runs the forward pass of {@code batch} (training mode), the backward pass from
     * {@code objective} of its loss, and returns the loss as an array of {@code scope}; the
     * gradients have been added to the trainable tensors'.
     */
    public NDArray lossAndBackward(NDManager scope, List<Example> batch, Objective objective) {
        CAPTURING.readLock().lock();
        try {
            return step(scope, batch, objective);
        } finally {
            CAPTURING.readLock().unlock();
        }
    }

    private NDArray step(NDManager scope, List<Example> batch, Objective objective) {
        LossInputs host = graphsOn() ? model.lossInputs(batch) : null;
        if (host == null) {
            eagerSteps++;
            return forwardBackward(() -> model.loss(scope, batch, true), scope, objective);
        }
        host = host.bucketed(BUCKET);
        String key = host.shapeKey();
        checkParametersUnchanged();
        Captured g = graphs.get(key);
        if (g != null) {
            refill(g, host.toDevice(scope));
            g.graph().replay();
            replays++;
            return lossCopy(g, scope);
        }
        NDList inputs = host.toDevice(scope);
        if (seen.add(key)) {
            eagerSteps++;
            LossInputs padded = host;
            return forwardBackward(() -> padded.loss(scope, inputs, true), scope, objective);
        }
        try {
            CAPTURING.readLock().unlock(); // a read lock cannot be upgraded
            CAPTURING.writeLock().lock();
            try {
                g = capture(scope, host, inputs, objective);
            } finally {
                CAPTURING.writeLock().unlock();
                CAPTURING.readLock().lock();
            }
        } catch (CudaGraph.CaptureFailedException e) {
            throw new IllegalStateException(e.getMessage() + ". PyTorch's random generator stays in capture mode after a"
                    + " failed capture, so this process cannot train on; run with cuda_graphs=off (--cuda-graphs off)",
                    e);
        }
        graphs.put(key, g);
        captures++;
        g.graph().replay();
        replays++;
        return lossCopy(g, scope);
    }

    /** "captured N graphs, M steps replayed, K op by op" (for a run's log). */
    public String summary() {
        return "CUDA graphs: " + (stream == null ? "off" : "on") + "; " + captures
                + " captured, " + replays + " micro-batches replayed, " + eagerSteps + " op by op";
    }

    public int replays() {
        return replays;
    }

    public int captures() {
        return captures;
    }

    /** The loss {@code forward} computes with gradients recorded, and its objective's backward pass. */
    private static NDArray forwardBackward(Supplier<NDArray> forward, NDManager scope,
            Objective objective) {
        try (GradientCollector gc = ThreadGradientCollector.open()) {
            NDArray loss = forward.get();
            gc.backward(objective.of(loss, scope));
            return loss;
        }
    }

    private Captured capture(NDManager scope, LossInputs host, NDList batchInputs, Objective objective) {
        if (keep == null) {
            pool = new CudaGraphPool(model.device());
            keep = model.manager().newSubManager(model.device());
            parameterHandles = handles();
        }
        // the graph's fixed inputs: this batch's arrays, kept (allocated before the capture, outside its pool)
        NDManager own = keep.newSubManager();
        NDList inputs = new NDList();
        for (NDArray a : batchInputs) {
            NDArray copy = a.duplicate();
            copy.attach(own);
            inputs.add(copy);
        }
        NDArray[] loss = new NDArray[1];
        CudaGraph graph;
        try (NDManager capturing = scope.newSubManager()) {
            // what the step derives from the fixed inputs belongs to the capture's scope, not to `own`
            capturing.tempAttachAll(inputs.toArray(new NDArray[0]));
            graph = CudaGraph.capture(stream, pool,
                    () -> loss[0] = forwardBackward(() -> host.loss(capturing, inputs, true), capturing, objective));
            loss[0].attach(own); // the graph's output: kept, so no later capture reuses its memory
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
        return new Captured(graph, inputs, loss[0]);
    }

    private static void refill(Captured g, NDList fresh) {
        for (int i = 0; i < fresh.size(); i++) {
            CudaGraph.copyInto(g.inputs().get(i), fresh.get(i));
        }
    }

    /** The replay's loss as an array of its own (the next replay rewrites the graph's). */
    private static NDArray lossCopy(Captured g, NDManager scope) {
        NDArray copy = g.loss().duplicate();
        copy.attach(scope);
        return copy;
    }

    /** Graphs read the trainable tensors captured; a swapped tensor would silently go stale. */
    private void checkParametersUnchanged() {
        if (parameterHandles != null && !Arrays.equals(parameterHandles, handles())) {
            throw new IllegalStateException("the model's parameters changed while CUDA graphs of this task were "
                    + "alive; open a new GraphedForwardBackward after changing adapters");
        }
    }

    private long[] handles() {
        List<Long> out = new ArrayList<>();
        for (NDArray p : model.parameters().values()) {
            out.add(p instanceof PtNDArray pt ? pt.getHandle() : 0L);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public void close() {
        for (Captured g : graphs.values()) {
            g.graph().close();
        }
        graphs.clear();
        if (keep != null) {
            keep.close();
            keep = null;
        }
        if (pool != null) {
            pool.close();
            pool = null;
            // With its graphs gone the pool is only "freeable": PyTorch returns such memory to CUDA in
            // emptyCache alone (its retry after an out-of-memory error skips that while any capture is
            // under way), so without this a run held one pool more per task: 15-task runs filled the
            // GPU. Under the capture lock: emptying frees memory, which no capture may overlap.
            CAPTURING.writeLock().lock();
            try {
                ai.djl.pytorch.jni.JniUtils.emptyCudaCache();
            } finally {
                CAPTURING.writeLock().unlock();
            }
        }
    }
}
