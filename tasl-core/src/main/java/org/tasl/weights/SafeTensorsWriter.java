package org.tasl.weights;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.tasl.tensor.DType;
import org.tasl.tensor.HostTensor;
import org.tasl.util.AtomicFiles;

/**
 * Writes a .safetensors file the way the reference implementation lays it out: tensors sorted
 * by alignment (widest element first) then name, contiguous data, the JSON header padded with
 * spaces to a multiple of 8 bytes. The file appears atomically (temp file, then rename).
 */
public final class SafeTensorsWriter {

    private SafeTensorsWriter() {}

    public static void write(Path file, Map<String, HostTensor> tensors) {
        write(file, tensors, Map.of());
    }

    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata) {
        List<Map.Entry<String, HostTensor>> order = new ArrayList<>(tensors.entrySet());
        order.sort(Comparator.<Map.Entry<String, HostTensor>>comparingInt(e -> -rank(e.getValue().dtype()))
                .thenComparing(Map.Entry::getKey));

        ObjectNode header = SafeTensorsReader.json().createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, HostTensor> e : order) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
            }
            HostTensor t = e.getValue();
            ObjectNode n = header.putObject(e.getKey());
            n.put("dtype", t.dtype().safetensorsName());
            ArrayNode shape = n.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            ArrayNode off = n.putArray("data_offsets");
            off.add(offset);
            offset += t.byteSize();
            off.add(offset);
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();

        AtomicFiles.writeVia(file, tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                writeAll(ch, head);
                for (Map.Entry<String, HostTensor> e : order) {
                    writeAll(ch, e.getValue().data());
                }
                ch.force(true);
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot write safetensors file " + file + ": " + ex.getMessage(), ex);
            }
        });
    }

    private static void writeAll(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** The reference implementation's dtype order (its Rust enum order), widest types last. */
    private static int rank(DType d) {
        return switch (d) {
            case BOOL -> 0;
            case U8 -> 1;
            case I8 -> 2;
            case I16 -> 3;
            case F16 -> 4;
            case BF16 -> 5;
            case I32 -> 6;
            case F32 -> 7;
            case F64 -> 8;
            case I64 -> 9;
        };
    }
}
