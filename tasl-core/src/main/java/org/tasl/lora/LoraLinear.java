package org.tasl.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.tasl.nn.Linear;
import org.tasl.nn.LinearAdapter;

/**
 * The LoRA wrapper of one linear layer (PEFT's {@code lora.Linear}): the frozen base W plus any
 * number of named adapters, each a pair A [r, in], B [out, r]. Several adapters can be active
 * at once (O-LoRA and IncLoRA keep old tasks' adapters active but frozen):
 *
 * <pre>  y = W·x + b + Σ_active (α/r) · B·A·dropout(x)</pre>
 *
 * {@link #merge} folds the active adapters into W (W += (α/r)·B·A) and {@link #unmerge}
 * subtracts exactly what was added, so forward results match before and after.
 */
public final class LoraLinear implements LinearAdapter {
    private final String path;
    private final Linear base;
    private final NDManager manager;
    private final Map<String, LoraAdapterWeights> adapters = new LinkedHashMap<>();
    private final Set<String> merged = new LinkedHashSet<>();
    private List<String> active = List.of();
    private boolean enabled = true;

    LoraLinear(String path, Linear base, NDManager manager) {
        this.path = path;
        this.base = base;
        this.manager = manager;
        base.setAdapter(this);
    }

    /** The module path in the model, e.g. "bert.encoder.layer.0.attention.self.query". */
    public String path() {
        return path;
    }

    public Linear base() {
        return base;
    }

    /**
     * Adds an adapter initialised like PEFT: A Kaiming-uniform with a = √5 (bound 1/√in), B = 0,
     * so the wrapped layer computes exactly what it did before.
     */
    public LoraAdapterWeights addAdapter(String name, LoraConfig config) {
        int in = base.inFeatures();
        int r = config.r();
        Random random = new Random(config.seed() * 1_000_003L + path.hashCode() * 31L + name.hashCode());
        float bound = (float) (1.0 / Math.sqrt(in));
        float[] a = new float[r * in];
        for (int i = 0; i < a.length; i++) {
            a[i] = (random.nextFloat() * 2f - 1f) * bound;
        }
        NDManager m = manager.newSubManager();
        NDArray aArr = m.create(a, new Shape(r, in));
        NDArray bArr = m.zeros(new Shape(base.outFeatures(), r), DataType.FLOAT32);
        return put(name, r, config.scaling(), config.dropout(), m, aArr, bArr);
    }

    /** Adds an adapter with given tensors (copied), e.g. read from a PEFT file. */
    public LoraAdapterWeights addAdapter(String name, float scaling, float dropout, NDArray a, NDArray b) {
        int r = (int) a.getShape().get(0);
        Shape wantA = new Shape(r, base.inFeatures());
        Shape wantB = new Shape(base.outFeatures(), r);
        if (!a.getShape().equals(wantA)) {
            throw new IllegalArgumentException("tensor '" + path + ".lora_A." + name + ".weight': expected shape "
                    + wantA + " but found " + a.getShape());
        }
        if (!b.getShape().equals(wantB)) {
            throw new IllegalArgumentException("tensor '" + path + ".lora_B." + name + ".weight': expected shape "
                    + wantB + " but found " + b.getShape());
        }
        NDManager m = manager.newSubManager();
        NDArray aArr = ownCopy(a, m);
        NDArray bArr = ownCopy(b, m);
        return put(name, r, scaling, dropout, m, aArr, bArr);
    }

    /**
     * {@code t} as float32 on {@code m}'s device, in memory of its own, owned by {@code m}. DJL's
     * {@code toType(t, copy = true)} and {@code toDevice(d, copy = true)} return an alias of the
     * same storage when nothing changes, so training the adapter would write into the caller's
     * tensor, and an array the caller created from Java data would be read after its buffer is
     * freed; only {@code duplicate} is a guaranteed copy.
     */
    private static NDArray ownCopy(NDArray t, NDManager m) {
        NDArray converted = t.toType(DataType.FLOAT32, false).toDevice(m.getDevice(), false);
        NDArray own = converted == t ? t.duplicate() : converted;
        own.attach(m);
        return own;
    }

    private LoraAdapterWeights put(String name, int r, float scaling, float dropout, NDManager m, NDArray a,
            NDArray b) {
        if (adapters.containsKey(name)) {
            m.close();
            throw new IllegalArgumentException("adapter '" + name + "' already exists in " + path);
        }
        a.setName(path + ".lora_A." + name + ".weight");
        b.setName(path + ".lora_B." + name + ".weight");
        LoraAdapterWeights w = new LoraAdapterWeights(name, r, scaling, dropout, m, a, b);
        adapters.put(name, w);
        return w;
    }

    public void removeAdapter(String name) {
        LoraAdapterWeights w = adapters.get(name);
        if (w == null) {
            return;
        }
        if (merged.contains(name)) {
            unmergeOne(name);
        }
        List<String> act = new ArrayList<>(active);
        act.remove(name);
        active = List.copyOf(act);
        adapters.remove(name);
        w.close();
    }

    /** Adapters by name, in the order they were added. */
    public Map<String, LoraAdapterWeights> adapters() {
        return Collections.unmodifiableMap(adapters);
    }

    public LoraAdapterWeights adapter(String name) {
        return adapters.get(name);
    }

    public List<String> activeAdapters() {
        return active;
    }

    /** Sets which adapters take part in forward (unknown names here are skipped); merged ones leaving are unmerged. */
    public void setActiveAdapters(List<String> names) {
        List<String> act = new ArrayList<>();
        for (String n : names) {
            if (adapters.containsKey(n) && !act.contains(n)) {
                act.add(n);
            }
        }
        for (String m : new ArrayList<>(merged)) {
            if (!act.contains(m)) {
                unmergeOne(m);
            }
        }
        active = List.copyOf(act);
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** Turns LoRA on or off for this module only; a disabled module is unmerged and computes W·x + b. */
    public void setEnabled(boolean enabled) {
        if (!enabled) {
            unmerge();
        }
        this.enabled = enabled;
    }

    public Set<String> mergedAdapters() {
        return Collections.unmodifiableSet(merged);
    }

    @Override
    public NDArray apply(NDArray x, NDArray y, boolean training) {
        if (!enabled) {
            return y;
        }
        NDArray out = y;
        for (String name : active) {
            if (merged.contains(name)) {
                continue;
            }
            LoraAdapterWeights w = adapters.get(name);
            // mixed precision: the adapter computes in its own type (fp32) on a bf16 activation
            NDArray xa = x.getDataType() == w.a().getDataType() ? x : x.toType(w.a().getDataType(), false);
            NDArray in = training && w.dropout() > 0f
                    ? Dropout.dropout(xa, w.dropout(), true).singletonOrThrow()
                    : xa;
            // Scaling the r-wide intermediate instead of the out-wide result: same math, ~out/r fewer multiplies.
            NDArray down = ai.djl.nn.core.Linear.linear(in, w.a()).singletonOrThrow().mul(w.scalingArray());
            NDArray up = ai.djl.nn.core.Linear.linear(down, w.b()).singletonOrThrow();
            out = out.add(up.getDataType() == out.getDataType() ? up : up.toType(out.getDataType(), false));
        }
        return out;
    }

    /** Folds every active, not yet merged adapter into W. */
    public void merge() {
        if (!enabled) {
            return;
        }
        for (String name : active) {
            if (!merged.contains(name)) {
                addDelta(adapters.get(name), 1f);
                merged.add(name);
            }
        }
    }

    /** Subtracts every merged adapter from W again. */
    public void unmerge() {
        for (String name : new ArrayList<>(merged)) {
            unmergeOne(name);
        }
    }

    private void unmergeOne(String name) {
        addDelta(adapters.get(name), -1f);
        merged.remove(name);
    }

    /** The dense update (α/r)·B·A [out, in] of one adapter, owned by {@code scope}. */
    public NDArray delta(String name, NDManager scope) {
        LoraAdapterWeights w = adapters.get(name);
        NDArray b = w.b().stopGradient();
        b.attach(scope);
        NDArray a = w.a().stopGradient();
        a.attach(scope);
        return b.matMul(a).muli(w.scaling());
    }

    private void addDelta(LoraAdapterWeights w, float sign) {
        try (NDManager tmp = manager.newSubManager()) {
            NDArray d = delta(w.name(), tmp);
            NDArray weight = base.weightParameter().array();
            if (sign > 0) {
                weight.addi(d);
            } else {
                weight.subi(d);
            }
        }
    }

    void closeAll() {
        unmerge();
        for (LoraAdapterWeights w : adapters.values()) {
            w.close();
        }
        adapters.clear();
        active = List.of();
        base.setAdapter(null);
    }
}
