package org.tasl.weights;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tasl.tensor.DType;
import org.tasl.tensor.HostTensor;

/**
 * Reads one .safetensors file by memory-mapping its data section: tensors are views of the
 * mapping, so a 440 MB checkpoint costs no heap. The header is validated before anything is
 * mapped, and every error names the file and the tensor.
 */
public final class SafeTensorsReader {

    /** Same limit as the reference implementation: a header above 100 MB is corrupt. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    /** A single MappedByteBuffer holds at most 2 GiB: large shards are mapped in windows. */
    private static final long MAX_WINDOW = Integer.MAX_VALUE - 8L;

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** What a file holds: tensors in file order, and the optional {@code __metadata__}. */
    public record Content(Map<String, HostTensor> tensors, Map<String, String> metadata) {}

    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {}

    private SafeTensorsReader() {}

    public static Content read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw bad(file, "file is " + size + " bytes, too short to hold the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.getLong(0);
            if (headerLen < 0 || headerLen > size - 8) {
                throw bad(file, "header length " + Long.toUnsignedString(headerLen) + " runs past the end of the file ("
                        + size + " bytes; truncated or not a safetensors file)");
            }
            if (headerLen > MAX_HEADER_BYTES) {
                throw bad(file, "header length " + headerLen + " exceeds the " + MAX_HEADER_BYTES + "-byte limit");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, 8);
            String header = new String(hb.array(), StandardCharsets.UTF_8);
            long dataStart = 8 + headerLen;
            long dataSize = size - dataStart;

            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = parseHeader(file, header, dataSize, metadata);
            Map<String, HostTensor> tensors = map(ch, dataStart, entries);
            return new Content(tensors, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read safetensors file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Only the header's {@code __metadata__} (maps nothing). */
    public static Map<String, String> readMetadata(Path file) {
        return read(file).metadata();
    }

    private static List<Entry> parseHeader(Path file, String header, long dataSize, Map<String, String> metadata) {
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw bad(file, "header is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad(file, "header must be a JSON object of tensors, got " + (root == null ? "nothing" : root.getNodeType()));
        }
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (name.equals("__metadata__")) {
                if (!v.isObject()) {
                    throw bad(file, "__metadata__ must be an object of strings");
                }
                v.fields().forEachRemaining(m -> {
                    if (!m.getValue().isTextual()) {
                        throw bad(file, "__metadata__ value of '" + m.getKey() + "' must be a string, got " + m.getValue());
                    }
                    metadata.put(m.getKey(), m.getValue().asText());
                });
                continue;
            }
            entries.add(parseEntry(file, name, v, dataSize));
        }
        checkNoOverlap(file, entries);
        return entries;
    }

    private static Entry parseEntry(Path file, String name, JsonNode v, long dataSize) {
        String where = "tensor '" + name + "'";
        if (!v.isObject()) {
            throw bad(file, where + ": expected an object with dtype, shape and data_offsets, got " + v);
        }
        JsonNode dt = v.get("dtype");
        if (dt == null || !dt.isTextual()) {
            throw bad(file, where + ": missing dtype");
        }
        DType dtype = DType.fromSafetensorsName(dt.asText());
        if (dtype == null || !dt.asText().equals(dtype.safetensorsName())) {
            throw bad(file, where + " has unknown dtype '" + dt.asText() + "'; expected one of " + Arrays.toString(DType.values()));
        }
        JsonNode sh = v.get("shape");
        if (sh == null || !sh.isArray()) {
            throw bad(file, where + ": missing shape");
        }
        long[] shape = new long[sh.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = sh.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                throw bad(file, where + ": shape entry " + d + " is not a non-negative integer");
            }
            shape[i] = d.asLong();
        }
        JsonNode off = v.get("data_offsets");
        if (off == null || !off.isArray() || off.size() != 2 || !off.get(0).isIntegralNumber() || !off.get(1).isIntegralNumber()) {
            throw bad(file, where + ": data_offsets must be [begin, end], got " + off);
        }
        long begin = off.get(0).asLong();
        long end = off.get(1).asLong();
        if (begin < 0 || end < begin || end > dataSize) {
            throw bad(file, where + ": data_offsets [" + begin + ", " + end + "] out of range: the data section holds "
                    + dataSize + " bytes (file truncated or header corrupt)");
        }
        if (end - begin > MAX_WINDOW) {
            throw bad(file, where + " is " + (end - begin) + " bytes; tensors over 2 GiB are not supported");
        }
        long need;
        try {
            need = Math.multiplyExact(HostTensor.numel(shape), (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw bad(file, where + ": shape " + Arrays.toString(shape) + " is too large");
        }
        if (end - begin != need) {
            throw bad(file, where + ": data_offsets [" + begin + ", " + end + "] hold " + (end - begin) + " bytes but "
                    + dtype + Arrays.toString(shape) + " needs " + need);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static void checkNoOverlap(Path file, List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        Entry prev = null;
        for (Entry e : sorted) {
            if (prev != null && e.begin < prev.end && e.end > e.begin) {
                throw bad(file, "tensors '" + prev.name + "' [" + prev.begin + ", " + prev.end + ") and '" + e.name + "' ["
                        + e.begin + ", " + e.end + ") overlap");
            }
            if (e.end > e.begin) {
                prev = e;
            }
        }
    }

    private static Map<String, HostTensor> map(FileChannel ch, long dataStart, List<Entry> entries) throws IOException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin));
        Map<String, HostTensor> byName = new LinkedHashMap<>();
        int i = 0;
        while (i < sorted.size()) {
            long windowStart = sorted.get(i).begin;
            long windowEnd = sorted.get(i).end;
            int j = i + 1;
            while (j < sorted.size() && sorted.get(j).end - windowStart <= MAX_WINDOW) {
                windowEnd = Math.max(windowEnd, sorted.get(j).end);
                j++;
            }
            MappedByteBuffer window = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + windowStart, windowEnd - windowStart);
            for (int k = i; k < j; k++) {
                Entry e = sorted.get(k);
                ByteBuffer slice = window.slice((int) (e.begin - windowStart), (int) (e.end - e.begin));
                byName.put(e.name, new HostTensor(e.dtype, e.shape, slice.order(ByteOrder.LITTLE_ENDIAN)));
            }
            i = j;
        }
        Map<String, HostTensor> inFileOrder = new LinkedHashMap<>();
        for (Entry e : entries) {
            inFileOrder.put(e.name, byName.get(e.name));
        }
        return inFileOrder;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    static IllegalArgumentException bad(Path file, String what) {
        return new IllegalArgumentException("safetensors file " + file + ": " + what);
    }

    static ObjectMapper json() {
        return JSON;
    }
}
