package org.tasl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tasl.nn.GradientStats;
import org.tasl.nn.MultiTensor;

/**
 * What the host learns about one optimizer step, read from the device in a single transfer
 * (TASL_SPEC §3.2 needs finiteness, clipping needs the global norm, progress events need the
 * loss): on the device, per gradient its sum of squares and its largest magnitude, and every
 * micro-batch loss, are gathered into one float64 vector, and that vector is copied once.
 *
 * <p>The numbers are the ones a tensor-by-tensor loop reads: the global norm is the square root
 * of the float32 sums of squares added in float64 in tensor order, and a gradient is finite
 * exactly when its largest magnitude is finite and its sum of squares is not NaN, so no finite
 * value whose square overflows is taken for a non-finite one. With float32 gradients and our
 * native library the per-tensor sums of squares are squared L2 norms ({@link MultiTensor}, as
 * torch's clip_grad_norm_ computes them), equal up to rounding in the last bits.
 *
 * @param gradNorm the global L2 norm of the gradients before clipping
 * @param finite whether every gradient element is finite
 * @param meanLoss the mean of the micro-batch losses (NaN when there were none)
 */
public record StepReadout(float gradNorm, boolean finite, double meanLoss) {

    /**
     * Reads the step: {@code grads} by tensor name, {@code losses} the (scalar) loss of each
     * micro-batch. Every temporary lives in {@code scope}.
     */
    public static StepReadout read(Map<String, NDArray> grads, List<NDArray> losses, NDManager scope) {
        return read(grads, losses, scope, true);
    }

    /** {@link #read(Map, List, NDManager)}; {@code nativeStats} false always takes the Java loop. */
    static StepReadout read(Map<String, NDArray> grads, List<NDArray> losses, NDManager scope, boolean nativeStats) {
        NDList pieces = new NDList();
        try (NDManager tmp = scope.newSubManager()) {
            List<NDArray> nonEmpty = new ArrayList<>(grads.size());
            for (NDArray g : grads.values()) {
                if (g.size() != 0) {
                    nonEmpty.add(g);
                }
            }
            int gradPieces;
            if (nativeStats && !nonEmpty.isEmpty() && MultiTensor.available(nonEmpty)) {
                // the same layout from a few multi-tensor kernels (squared norms for sums of squares)
                pieces.add(MultiTensor.gradientStats(nonEmpty, tmp));
                gradPieces = 2 * nonEmpty.size();
            } else if (nativeStats && GradientStats.available(nonEmpty)) {
                // the same pieces from one native call instead of 8 JNI calls per tensor
                pieces.add(GradientStats.of(nonEmpty, tmp));
                gradPieces = 2 * nonEmpty.size();
            } else {
                for (NDArray g : nonEmpty) {
                    tmp.tempAttachAll(g);
                    pieces.add(g.square().sum().toType(DataType.FLOAT64, false).reshape(1));
                    pieces.add(g.abs().max().toType(DataType.FLOAT64, false).reshape(1));
                }
                gradPieces = pieces.size();
            }
            for (NDArray loss : losses) {
                tmp.tempAttachAll(loss);
                pieces.add(loss.stopGradient().toType(DataType.FLOAT64, false).reshape(1));
            }
            if (pieces.isEmpty()) {
                return new StepReadout(0f, true, Double.NaN);
            }
            ai.djl.Device device = pieces.get(0).getDevice();
            for (int i = 1; i < pieces.size(); i++) {
                if (!pieces.get(i).getDevice().equals(device)) {
                    pieces.set(i, pieces.get(i).toDevice(device, false));
                }
            }
            double[] v = HostTransfers.toDoubles(pieces.size() == 1 ? pieces.get(0) : NDArrays.concat(pieces));
            double sq = 0;
            boolean finite = true;
            for (int i = 0; i < gradPieces; i += 2) {
                sq += v[i];
                // a NaN element makes the sum of squares NaN on every path; the multi-tensor
                // largest magnitude may skip it
                finite &= Double.isFinite(v[i + 1]) && !Double.isNaN(v[i]);
            }
            double lossSum = 0;
            for (int i = gradPieces; i < v.length; i++) {
                lossSum += v[i];
            }
            int n = v.length - gradPieces;
            return new StepReadout((float) Math.sqrt(sq), finite, n == 0 ? Double.NaN : lossSum / n);
        }
    }
}
