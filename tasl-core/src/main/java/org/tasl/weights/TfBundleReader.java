package org.tasl.weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
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
 * Reads a TensorFlow tensor bundle (a SavedModel's {@code variables/variables.index} plus its
 * {@code variables.data-NNNNN-of-MMMMM} shards) into host tensors named as TF names them.
 *
 * <p>The index is a LevelDB-style SSTable: a 48-byte footer (metaindex and index block handles
 * as varints, then the magic 0xdb4775248b80fb57), an index block whose values are handles of
 * data blocks, and data blocks of prefix-compressed key/value entries followed by a restart
 * array. Each value is a {@code BundleEntryProto} (dtype, shape, shard, offset, size); the
 * empty key holds the bundle header and is skipped. Data shards are memory-mapped.
 */
public final class TfBundleReader {

    private static final long MAGIC = 0xdb4775248b80fb57L;
    private static final int FOOTER = 48;
    private static final int BLOCK_TRAILER = 5;

    private TfBundleReader() {}

    /** Where one tensor's bytes are, as the index describes it. */
    public record Entry(String name, DType dtype, long[] shape, int shard, long offset, long size) {}

    /** Reads {@code <prefix>.index} and its data shards {@code <prefix>.data-*} beside it. */
    public static Map<String, HostTensor> read(Path indexFile) {
        List<Entry> entries = readIndex(indexFile);
        String prefix = indexFile.getFileName().toString().replaceFirst("\\.index$", "");
        Map<Integer, MappedByteBuffer> maps = new HashMap<>();
        Map<String, HostTensor> out = new LinkedHashMap<>();
        try {
            int shards = numShards(indexFile, prefix);
            for (Entry e : entries) {
                MappedByteBuffer data = maps.get(e.shard);
                if (data == null) {
                    Path f = indexFile.resolveSibling(String.format("%s.data-%05d-of-%05d", prefix, e.shard, shards));
                    if (!Files.isRegularFile(f)) {
                        throw new IllegalArgumentException("TF bundle " + indexFile + ": data shard " + f + " is missing");
                    }
                    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                        if (ch.size() > Integer.MAX_VALUE) {
                            throw new IllegalArgumentException("TF bundle shard " + f + " is over 2 GiB; not supported");
                        }
                        data = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
                    }
                    maps.put(e.shard, data);
                }
                if (e.offset < 0 || e.offset + e.size > data.capacity()) {
                    throw new IllegalArgumentException("TF bundle " + indexFile + ": tensor '" + e.name + "' at [" + e.offset + ", "
                            + (e.offset + e.size) + ") runs past the end of its data shard (" + data.capacity() + " bytes)");
                }
                long need = HostTensor.numel(e.shape) * e.dtype.byteSize();
                if (need != e.size) {
                    throw new IllegalArgumentException("TF bundle " + indexFile + ": tensor '" + e.name + "' has " + e.size
                            + " bytes but " + e.dtype + java.util.Arrays.toString(e.shape) + " needs " + need);
                }
                ByteBuffer slice = data.slice((int) e.offset, (int) e.size).order(ByteOrder.LITTLE_ENDIAN);
                out.put(e.name, new HostTensor(e.dtype, e.shape, slice));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read TF bundle data for " + indexFile + ": " + ex.getMessage(), ex);
        }
        return out;
    }

    /** The shard count M of {@code prefix.data-00000-of-M} found beside the index (1 when none). */
    private static int numShards(Path indexFile, String prefix) throws IOException {
        try (var s = Files.list(indexFile.toAbsolutePath().getParent())) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix + ".data-"))
                    .mapToInt(n -> Integer.parseInt(n.substring(n.lastIndexOf("-of-") + 4)))
                    .findFirst().orElse(1);
        }
    }

    /** The entries of a bundle index (every key but the header), in key order. */
    public static List<Entry> readIndex(Path indexFile) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(indexFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read TF bundle index " + indexFile + ": " + e.getMessage(), e);
        }
        try {
            return parseIndex(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("TF bundle index " + indexFile + ": " + e.getMessage(), e);
        }
    }

    static List<Entry> parseIndex(byte[] bytes) {
        if (bytes.length < FOOTER) {
            throw new IllegalArgumentException("file is " + bytes.length + " bytes, shorter than the 48-byte SSTable footer");
        }
        ByteBuffer all = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (all.getLong(bytes.length - 8) != MAGIC) {
            throw new IllegalArgumentException("bad SSTable magic (not a tensor bundle index)");
        }
        ProtoReader footer = new ProtoReader(all.slice(bytes.length - FOOTER, FOOTER - 8));
        footer.varint(); // metaindex offset
        footer.varint(); // metaindex size
        long indexOffset = footer.varint();
        long indexSize = footer.varint();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, ByteBuffer> handle : block(all, indexOffset, indexSize).entrySet()) {
            ProtoReader h = new ProtoReader(handle.getValue());
            long off = h.varint();
            long size = h.varint();
            for (Map.Entry<String, ByteBuffer> kv : block(all, off, size).entrySet()) {
                if (kv.getKey().isEmpty()) {
                    continue; // BundleHeaderProto
                }
                entries.add(entry(kv.getKey(), kv.getValue()));
            }
        }
        return entries;
    }

    /** The key/value pairs of one block (values are slices of {@code all}). */
    private static Map<String, ByteBuffer> block(ByteBuffer all, long offset, long size) {
        if (offset < 0 || size < 4 || offset + size + BLOCK_TRAILER > all.capacity()) {
            throw new IllegalArgumentException("block handle [" + offset + ", +" + size + "] lies outside the file");
        }
        int type = all.get((int) (offset + size));
        if (type != 0) {
            throw new IllegalArgumentException("block at " + offset + " is compressed (type " + type + "); only uncompressed is supported");
        }
        ByteBuffer b = all.slice((int) offset, (int) size).order(ByteOrder.LITTLE_ENDIAN);
        int numRestarts = b.getInt((int) size - 4);
        int limit = (int) size - 4 - 4 * numRestarts;
        if (numRestarts < 0 || limit < 0) {
            throw new IllegalArgumentException("block at " + offset + " has a corrupt restart array");
        }
        ProtoReader r = new ProtoReader(b.slice(0, limit));
        Map<String, ByteBuffer> out = new LinkedHashMap<>();
        byte[] key = new byte[0];
        while (r.hasRemaining()) {
            int shared = (int) r.varint();
            int nonShared = (int) r.varint();
            int valueLen = (int) r.varint();
            ByteBuffer delta = r.rawBytes(nonShared);
            ByteBuffer value = r.rawBytes(valueLen);
            if (shared > key.length) {
                throw new IllegalArgumentException("block at " + offset + ": key shares " + shared + " bytes with a shorter key");
            }
            byte[] k = java.util.Arrays.copyOf(key, shared + nonShared);
            delta.get(k, shared, nonShared);
            key = k;
            out.put(new String(key, java.nio.charset.StandardCharsets.UTF_8), value);
        }
        return out;
    }

    private static Entry entry(String name, ByteBuffer value) {
        ProtoReader r = new ProtoReader(value);
        int dtype = 0;
        List<Long> dims = new ArrayList<>();
        int shard = 0;
        long offset = 0;
        long size = 0;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> dtype = r.int32();
                case 2 -> {
                    ProtoReader shape = r.message();
                    while (shape.next()) {
                        if (shape.field() == 2) {
                            ProtoReader dim = shape.message();
                            long sz = 0;
                            while (dim.next()) {
                                if (dim.field() == 1) {
                                    sz = dim.varint();
                                } else {
                                    dim.skip();
                                }
                            }
                            dims.add(sz);
                        } else {
                            shape.skip();
                        }
                    }
                }
                case 3 -> shard = r.int32();
                case 4 -> offset = r.varint();
                case 5 -> size = r.varint();
                case 7 -> throw new IllegalArgumentException("tensor '" + name + "' is stored in slices; not supported");
                default -> r.skip();
            }
        }
        DType dt = switch (dtype) {
            case 1 -> DType.F32;
            case 2 -> DType.F64;
            case 3 -> DType.I32;
            case 4 -> DType.U8;
            case 5 -> DType.I16;
            case 6 -> DType.I8;
            case 9 -> DType.I64;
            case 10 -> DType.BOOL;
            case 14 -> DType.BF16;
            case 19 -> DType.F16;
            default -> throw new IllegalArgumentException("tensor '" + name + "' has unsupported TF dtype " + dtype);
        };
        return new Entry(name, dt, dims.stream().mapToLong(Long::longValue).toArray(), shard, offset, size);
    }
}
