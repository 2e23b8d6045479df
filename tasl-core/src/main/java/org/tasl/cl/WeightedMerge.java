package org.tasl.cl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds θ̂_k = w·θ_k + (1 − w)·θ̂_{k−1} unit by unit: a whole tensor for tensor and LoRA
 * matrix units; row i of A and column i of B for rank unit i (one weight vector per module, so
 * one fused multiply-add per matrix).
 */
public final class WeightedMerge {

    private WeightedMerge() {
    }

    /**
     * θ̂_k as new arrays attached to {@code into}, on each tensor's own device and dtype, in the
     * order of θ_k (then tensors only θ̂_{k−1} has). Tied names get the same new array.
     * Tensors that no unit covers are copied from θ_k; a tensor missing from θ̂_{k−1} (a new
     * adapter) is taken from θ_k whatever its decision; a tensor only θ̂_{k−1} has is kept.
     *
     * @throws IllegalArgumentException when a unit has no decision, θ_k lacks a unit's tensor,
     *     or the two sides' shapes differ
     */
    public static Map<String, NDArray> apply(List<SkillUnit> units, Map<String, UnitDecision> decisions,
            Map<String, NDArray> thetaHatPrevious, Map<String, NDArray> theta, NDManager into) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Map<String, double[]> rankWeights = new LinkedHashMap<>();
            Map<String, SkillUnit> rankModules = new LinkedHashMap<>();
            for (SkillUnit u : units) {
                UnitDecision d = decisions.get(u.name());
                if (d == null) {
                    throw new IllegalArgumentException("no consolidation decision for unit " + u.name());
                }
                if (u.kind() == SkillUnit.Kind.RANK) {
                    NDArray a = require(theta, u.tensor());
                    double[] w = rankWeights.computeIfAbsent(u.tensor(), k -> nans((int) a.getShape().get(0)));
                    rankModules.putIfAbsent(u.tensor(), u);
                    if (u.rank() >= w.length) {
                        throw new IllegalArgumentException("rank unit " + u.name() + " is beyond the rank " + w.length
                                + " of " + u.tensor());
                    }
                    w[u.rank()] = d.weight();
                    continue;
                }
                NDArray cur = require(theta, u.tensor());
                NDArray prev = find(thetaHatPrevious, u.tensors());
                NDArray merged = prev == null ? cur.duplicate() : mix(u.tensor(), cur, prev, d.weight());
                keep(merged, into);
                for (String alias : u.tensors()) {
                    out.put(alias, merged);
                }
            }
            for (Map.Entry<String, double[]> e : rankWeights.entrySet()) {
                SkillUnit u = rankModules.get(e.getKey());
                double[] w = e.getValue();
                for (int i = 0; i < w.length; i++) {
                    if (Double.isNaN(w[i])) {
                        throw new IllegalArgumentException("no rank unit covers rank " + i + " of " + u.tensor());
                    }
                }
                mergeRanks(u.tensor(), new Shape(w.length, 1), w, thetaHatPrevious, theta, into, out);
                mergeRanks(u.bTensor(), new Shape(1, w.length), w, thetaHatPrevious, theta, into, out);
            }
            Map<String, NDArray> ordered = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> e : theta.entrySet()) {
                NDArray merged = out.get(e.getKey());
                ordered.put(e.getKey(), merged != null ? merged : keep(e.getValue().duplicate(), into));
            }
            for (Map.Entry<String, NDArray> e : thetaHatPrevious.entrySet()) {
                if (!ordered.containsKey(e.getKey())) {
                    ordered.put(e.getKey(), keep(e.getValue().duplicate(), into));
                }
            }
            return ordered;
        }
    }

    private static void mergeRanks(String tensor, Shape weightShape, double[] w, Map<String, NDArray> thetaHatPrevious,
            Map<String, NDArray> theta, NDManager into, Map<String, NDArray> out) {
        NDArray cur = require(theta, tensor);
        NDArray prev = thetaHatPrevious.get(tensor);
        if (prev == null) {
            out.put(tensor, keep(cur.duplicate(), into));
            return;
        }
        float[] f = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            f[i] = (float) w[i];
        }
        NDArray weights = cur.getManager().create(f, weightShape).toDevice(cur.getDevice(), false)
                .toType(cur.getDataType(), false);
        out.put(tensor, keep(mix(tensor, cur, prev, weights), into));
    }

    /** w·cur + (1 − w)·prev for one weight; exact copies for w = 1 and w = 0. */
    private static NDArray mix(String tensor, NDArray cur, NDArray prev, double w) {
        NDArray p = aligned(tensor, cur, prev);
        if (w == 1) {
            return cur.duplicate();
        }
        if (w == 0) {
            return p.duplicate();
        }
        return cur.mul((float) w).add(p.mul((float) (1 - w)));
    }

    /** w·cur + (1 − w)·prev with w broadcast over cur (a rank weight column or row). */
    private static NDArray mix(String tensor, NDArray cur, NDArray prev, NDArray w) {
        NDArray p = aligned(tensor, cur, prev);
        return cur.mul(w).add(p.mul(w.neg().add(1f)));
    }

    private static NDArray aligned(String tensor, NDArray cur, NDArray prev) {
        if (!cur.getShape().equals(prev.getShape())) {
            throw new IllegalArgumentException("cannot consolidate " + tensor + ": θ_k has shape " + cur.getShape()
                    + " but θ̂_{k−1} has shape " + prev.getShape());
        }
        return prev.toDevice(cur.getDevice(), false).toType(cur.getDataType(), false);
    }

    private static NDArray find(Map<String, NDArray> map, List<String> names) {
        for (String n : names) {
            NDArray a = map.get(n);
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    private static NDArray require(Map<String, NDArray> theta, String tensor) {
        NDArray a = theta.get(tensor);
        if (a == null) {
            throw new IllegalArgumentException("θ_k has no tensor " + tensor + " (needed by a skill unit)");
        }
        return a;
    }

    private static double[] nans(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, Double.NaN);
        return w;
    }

    private static NDArray keep(NDArray array, NDManager into) {
        NDScope.unregister(array);
        array.attach(into);
        return array;
    }
}
