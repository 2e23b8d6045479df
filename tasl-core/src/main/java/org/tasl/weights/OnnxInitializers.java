package org.tasl.weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tasl.tensor.DType;
import org.tasl.tensor.HostTensor;

/**
 * The weights of an ONNX model: its {@code graph.initializer} tensors, read from the
 * {@code ModelProto} protobuf (memory-mapped), with the graph's nodes so callers can follow
 * how anonymous initializers are used.
 *
 * <p>Exporters name embeddings, biases and LayerNorm parameters after the module
 * ({@code encoder.layer.3.attention.self.query.bias}) but give dense matrices anonymous names
 * ({@code onnx::MatMul_1234}, stored [in, out]). {@link #namedLinearWeights} recovers their
 * module names: a MatMul whose output feeds an Add with a named {@code *.bias} is the linear
 * layer of that bias, so its weight is {@code *.weight}, transposed to PyTorch's [out, in].
 */
public final class OnnxInitializers {

    /** One graph node: its operator and the names of its inputs and outputs. */
    public record Node(String opType, List<String> inputs, List<String> outputs) {}

    private final Path file;
    private final Map<String, HostTensor> initializers;
    private final List<Node> nodes;

    private OnnxInitializers(Path file, Map<String, HostTensor> initializers, List<Node> nodes) {
        this.file = file;
        this.initializers = initializers;
        this.nodes = nodes;
    }

    public static OnnxInitializers read(Path onnxFile) {
        try (FileChannel ch = FileChannel.open(onnxFile, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("ONNX file " + onnxFile + " is over 2 GiB (external data is not supported)");
            }
            ByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            return parse(onnxFile, mapped);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ONNX file " + onnxFile + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("ONNX file")) {
                throw e;
            }
            throw new IllegalArgumentException("ONNX file " + onnxFile + " does not parse: " + e.getMessage(), e);
        }
    }

    private static OnnxInitializers parse(Path file, ByteBuffer model) {
        Map<String, HostTensor> inits = new LinkedHashMap<>();
        List<Node> nodes = new ArrayList<>();
        boolean sawGraph = false;
        ProtoReader m = new ProtoReader(model);
        while (m.next()) {
            if (m.field() != 7) { // ModelProto.graph
                m.skip();
                continue;
            }
            sawGraph = true;
            ProtoReader g = m.message();
            while (g.next()) {
                switch (g.field()) {
                    case 1 -> nodes.add(node(g.message()));
                    case 5 -> {
                        Map.Entry<String, HostTensor> t = tensor(g.message());
                        inits.put(t.getKey(), t.getValue());
                    }
                    default -> g.skip();
                }
            }
        }
        if (!sawGraph) {
            throw new IllegalArgumentException("no graph found (not an ONNX ModelProto)");
        }
        return new OnnxInitializers(file, inits, nodes);
    }

    private static Node node(ProtoReader r) {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        String op = "";
        while (r.next()) {
            switch (r.field()) {
                case 1 -> in.add(r.string());
                case 2 -> out.add(r.string());
                case 4 -> op = r.string();
                default -> r.skip();
            }
        }
        return new Node(op, in, out);
    }

    private static Map.Entry<String, HostTensor> tensor(ProtoReader r) {
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = null;
        ByteBuffer raw = null;
        ByteBuffer floats = null;
        long[] longs = null;
        long[] int32s = null;
        boolean external = false;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> { for (long d : r.varints()) dims.add(d); }
                case 2 -> dataType = r.int32();
                case 4 -> floats = r.wireType() == ProtoReader.LEN ? r.bytes() : single(r.fixed32());
                case 5 -> int32s = r.varints();
                case 7 -> longs = r.varints();
                case 8 -> name = r.string();
                case 9 -> raw = r.bytes();
                case 14 -> external = r.int32() == 1;
                default -> r.skip();
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("an initializer without a name");
        }
        if (external) {
            throw new IllegalArgumentException("initializer '" + name + "' uses external data; not supported");
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        DType dt = switch (dataType) {
            case 1 -> DType.F32;
            case 2 -> DType.U8;
            case 3 -> DType.I8;
            case 5 -> DType.I16;
            case 6 -> DType.I32;
            case 7 -> DType.I64;
            case 9 -> DType.BOOL;
            case 10 -> DType.F16;
            case 11 -> DType.F64;
            case 16 -> DType.BF16;
            default -> throw new IllegalArgumentException("initializer '" + name + "' has unsupported ONNX data_type " + dataType);
        };
        HostTensor t;
        if (raw != null) {
            t = new HostTensor(dt, shape, raw);
        } else if (floats != null && dt == DType.F32) {
            t = new HostTensor(dt, shape, floats);
        } else if (longs != null && dt == DType.I64) {
            t = HostTensor.fromLongs(longs, shape);
        } else if (int32s != null && dt == DType.I32) {
            int[] v = new int[int32s.length];
            for (int i = 0; i < v.length; i++) v[i] = (int) int32s[i];
            t = HostTensor.fromInts(v, shape);
        } else if (HostTensor.numel(shape) == 0) {
            t = new HostTensor(dt, shape, ByteBuffer.allocate(0));
        } else {
            throw new IllegalArgumentException("initializer '" + name + "' (ONNX data_type " + dataType + ") has no data this reader understands");
        }
        return Map.entry(name, t);
    }

    private static ByteBuffer single(int bits) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, bits);
    }

    public Path file() {
        return file;
    }

    /** Every initializer under its ONNX name. */
    public Map<String, HostTensor> initializers() {
        return initializers;
    }

    public List<Node> nodes() {
        return nodes;
    }

    /**
     * Initializers with module names: named ones as they are; each anonymous MatMul weight as
     * {@code <bias module>.weight} [out, in], found by following MatMul → Add(bias). An
     * anonymous MatMul weight that cannot be named is an error naming the file.
     */
    public Map<String, HostTensor> namedLinearWeights() {
        Map<String, List<Node>> consumers = new HashMap<>();
        for (Node n : nodes) {
            for (String in : n.inputs) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        Map<String, String> rename = new HashMap<>();
        for (Node n : nodes) {
            if (!n.opType.equals("MatMul") || n.inputs.size() != 2) {
                continue;
            }
            String w = n.inputs.get(1);
            if (!initializers.containsKey(w) || !isAnonymous(w)) {
                continue;
            }
            String bias = null;
            for (Node add : consumers.getOrDefault(n.outputs.get(0), List.of())) {
                if (!add.opType.equals("Add")) {
                    continue;
                }
                for (String in : add.inputs) {
                    if (in.endsWith(".bias") && initializers.containsKey(in)) {
                        bias = in;
                    }
                }
            }
            if (bias == null) {
                throw new IllegalArgumentException("ONNX file " + file + ": MatMul weight '" + w
                        + "' is not followed by an Add with a named bias, so its module cannot be named");
            }
            rename.put(w, bias.substring(0, bias.length() - ".bias".length()) + ".weight");
        }
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, HostTensor> e : initializers.entrySet()) {
            String newName = rename.get(e.getKey());
            if (newName != null) {
                out.put(newName, e.getValue().transpose2d());
            } else if (!isAnonymous(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static boolean isAnonymous(String name) {
        return name.startsWith("onnx::") || name.matches("^[0-9]+$");
    }
}
