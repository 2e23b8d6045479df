package org.tasl.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tasl.nn.HfBlock;
import org.tasl.nn.Linear;
import org.tasl.nn.Weight;

/**
 * Walks a model's module tree, wraps the linear layers whose path matches an adapter's target
 * names (PEFT's rule: the path equals the name or ends with "." + name) in {@link LoraLinear},
 * and keeps the model-wide state: adapters, active set, trainable set, full fine-tuning.
 * After every change exactly the trainable tensors require gradients.
 */
public final class LoraInjector implements LoraModel, AutoCloseable {
    private final HfBlock root;
    private final String rootPrefix;
    private final NDManager manager;
    private final LoraTargets targets;
    private final Map<String, Linear> linears = new LinkedHashMap<>();
    private final Map<String, LoraLinear> wrapped = new LinkedHashMap<>();
    private final Map<String, LoraConfig> configs = new LinkedHashMap<>();
    private final List<String> active = new ArrayList<>();
    private final Set<String> trainable = new LinkedHashSet<>();
    private boolean fullFineTuning;

    /**
     * @param root the model's root block; module paths are relative to it, prefixed with {@code rootPrefix}
     * @param manager owns the adapters' tensors (the model's manager)
     * @param targets the architecture's default and all-attention target names
     */
    public LoraInjector(HfBlock root, String rootPrefix, NDManager manager, LoraTargets targets) {
        this.root = root;
        this.rootPrefix = rootPrefix;
        this.manager = manager;
        this.targets = targets;
        root.walk(rootPrefix, (path, block) -> {
            if (block instanceof Linear) {
                linears.put(path, (Linear) block);
            }
        });
    }

    @Override
    public List<String> linearPaths() {
        return List.copyOf(linears.keySet());
    }

    /** The linear modules a config would wrap. */
    public List<String> matchingPaths(LoraConfig config) {
        List<String> names = targets.resolve(config);
        List<String> out = new ArrayList<>();
        for (String path : linears.keySet()) {
            for (String t : names) {
                if (path.equals(t) || path.endsWith("." + t)) {
                    out.add(path);
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public void addAdapter(String name, LoraConfig config) {
        checkNewName(name);
        List<String> paths = requireMatches(config);
        for (String path : paths) {
            wrapper(path).addAdapter(name, config);
        }
        register(name, config);
    }

    @Override
    public void addAdapter(String name, LoraConfig config, Map<String, NDArray[]> tensors) {
        checkNewName(name);
        for (String path : tensors.keySet()) {
            if (!linears.containsKey(path)) {
                throw new IllegalArgumentException("adapter '" + name + "': module '" + path
                        + "' is not a linear module of this model (e.g. " + preview(linearPaths()) + ")");
            }
        }
        for (String path : linears.keySet()) {
            NDArray[] ab = tensors.get(path);
            if (ab != null) {
                wrapper(path).addAdapter(name, config.scaling(), config.dropout(), ab[0], ab[1]);
            }
        }
        register(name, config);
    }

    private void checkNewName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("adapter name must be non-empty and without dots, got '" + name + "'");
        }
        if (configs.containsKey(name)) {
            throw new IllegalArgumentException("adapter '" + name + "' already exists");
        }
    }

    private List<String> requireMatches(LoraConfig config) {
        List<String> paths = matchingPaths(config);
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("LoRA target modules " + targets.resolve(config)
                    + " match no linear module of this model (its linear modules are e.g. "
                    + preview(linearPaths()) + ")");
        }
        return paths;
    }

    private LoraLinear wrapper(String path) {
        return wrapped.computeIfAbsent(path, p -> new LoraLinear(p, linears.get(p), manager));
    }

    private void register(String name, LoraConfig config) {
        // Stored with the resolved target names, so a saved adapter_config.json names them.
        configs.put(name, config.withTargetModules(targets.resolve(config)));
        active.add(name);
        trainable.add(name);
        refresh();
    }

    @Override
    public void removeAdapter(String name) {
        if (!configs.containsKey(name)) {
            throw new IllegalArgumentException("no adapter '" + name + "' (adapters: " + adapters() + ")");
        }
        for (LoraLinear l : wrapped.values()) {
            l.removeAdapter(name);
        }
        configs.remove(name);
        active.remove(name);
        trainable.remove(name);
        refresh();
    }

    @Override
    public List<String> adapters() {
        return List.copyOf(configs.keySet());
    }

    @Override
    public LoraConfig adapterConfig(String name) {
        LoraConfig c = configs.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no adapter '" + name + "' (adapters: " + adapters() + ")");
        }
        return c;
    }

    @Override
    public List<String> activeAdapters() {
        return List.copyOf(active);
    }

    @Override
    public void setActiveAdapters(Collection<String> names) {
        checkKnown(names);
        active.clear();
        for (String n : names) {
            if (!active.contains(n)) {
                active.add(n);
            }
        }
        refresh();
    }

    @Override
    public List<String> trainableAdapters() {
        return List.copyOf(trainable);
    }

    @Override
    public void setTrainableAdapters(Collection<String> names) {
        checkKnown(names);
        trainable.clear();
        trainable.addAll(names);
        refresh();
    }

    private void checkKnown(Collection<String> names) {
        for (String n : names) {
            if (!configs.containsKey(n)) {
                throw new IllegalArgumentException("no adapter '" + n + "' (adapters: " + adapters() + ")");
            }
        }
    }

    @Override
    public void setModuleEnabled(String modulePath, boolean enabled) {
        LoraLinear l = wrapped.get(modulePath);
        if (l == null) {
            throw new IllegalArgumentException("module '" + modulePath + "' carries no LoRA adapter (wrapped: "
                    + preview(modulePaths()) + ")");
        }
        l.setEnabled(enabled);
    }

    @Override
    public List<String> modulePaths() {
        List<String> out = new ArrayList<>();
        for (String path : linears.keySet()) {
            if (wrapped.containsKey(path)) {
                out.add(path);
            }
        }
        return out;
    }

    @Override
    public List<LoraModuleInfo> modules() {
        List<LoraModuleInfo> out = new ArrayList<>();
        for (String path : modulePaths()) {
            LoraLinear l = wrapped.get(path);
            for (LoraAdapterWeights w : l.adapters().values()) {
                out.add(new LoraModuleInfo(path, w.name(), w.a(), w.b(), w.scaling(), w.r(),
                        l.activeAdapters().contains(w.name()), w.isTrainable(), l.isEnabled(),
                        l.mergedAdapters().contains(w.name())));
            }
        }
        return out;
    }

    @Override
    public LoraLinear module(String modulePath) {
        return wrapped.get(modulePath);
    }

    @Override
    public Map<String, NDArray> trainableParameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        if (fullFineTuning) {
            for (Map.Entry<String, Weight> e : root.namedWeights(rootPrefix).entrySet()) {
                out.put(e.getKey(), e.getValue().array());
            }
        }
        for (LoraModuleInfo m : modules()) {
            if (m.trainable()) {
                out.put(m.nameA(), m.a());
                out.put(m.nameB(), m.b());
            }
        }
        return out;
    }

    @Override
    public Map<String, NDArray> loraParameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (LoraModuleInfo m : modules()) {
            out.put(m.nameA(), m.a());
            out.put(m.nameB(), m.b());
        }
        return out;
    }

    @Override
    public void setFullFineTuning(boolean on) {
        fullFineTuning = on;
        root.setTrainable(on);
    }

    @Override
    public boolean isFullFineTuning() {
        return fullFineTuning;
    }

    @Override
    public void merge() {
        for (LoraLinear l : wrapped.values()) {
            l.merge();
        }
    }

    @Override
    public void unmerge() {
        for (LoraLinear l : wrapped.values()) {
            l.unmerge();
        }
    }

    private void refresh() {
        for (LoraLinear l : wrapped.values()) {
            l.setActiveAdapters(active);
            for (LoraAdapterWeights w : l.adapters().values()) {
                w.setTrainable(trainable.contains(w.name()));
            }
        }
    }

    /** Removes every adapter and restores the plain linear layers. */
    @Override
    public void close() {
        for (LoraLinear l : wrapped.values()) {
            l.closeAll();
        }
        wrapped.clear();
        configs.clear();
        active.clear();
        trainable.clear();
    }

    private static String preview(List<String> names) {
        return names.size() <= 4 ? names.toString() : names.subList(0, 4) + " …";
    }
}
