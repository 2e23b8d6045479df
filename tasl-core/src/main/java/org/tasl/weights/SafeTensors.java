package org.tasl.weights;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tasl.tensor.HostTensor;

/**
 * The safetensors format: single files ({@link SafeTensorsReader}, {@link SafeTensorsWriter}),
 * sharded checkpoints ({@value #INDEX_FILE}) and Hugging Face model folders.
 */
public final class SafeTensors {

    public static final String MODEL_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private SafeTensors() {}

    /** The tensors of one file, memory-mapped, in file order. */
    public static Map<String, HostTensor> read(Path file) {
        return SafeTensorsReader.read(file).tensors();
    }

    /** The tensors and the {@code __metadata__} of one file. */
    public static SafeTensorsReader.Content readContent(Path file) {
        return SafeTensorsReader.read(file);
    }

    public static Map<String, String> readMetadata(Path file) {
        return SafeTensorsReader.readMetadata(file);
    }

    public static void write(Path file, Map<String, HostTensor> tensors) {
        SafeTensorsWriter.write(file, tensors);
    }

    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata) {
        SafeTensorsWriter.write(file, tensors, metadata);
    }

    /**
     * A sharded checkpoint: the index's {@code weight_map} names, for every tensor, the shard
     * file (beside the index) that holds it.
     */
    public static Map<String, HostTensor> readSharded(Path indexFile) {
        JsonNode root;
        try {
            root = SafeTensorsReader.json().readTree(Files.readString(indexFile));
        } catch (IOException e) {
            throw new IllegalArgumentException("safetensors index " + indexFile + " is not valid JSON: " + e.getMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new IllegalArgumentException("safetensors index " + indexFile + ": missing object 'weight_map'");
        }
        Path dir = indexFile.toAbsolutePath().getParent();
        Map<String, Map<String, HostTensor>> shards = new LinkedHashMap<>();
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String shard = e.getValue().asText();
            Path shardFile = dir.resolve(shard).normalize();
            if (!shardFile.startsWith(dir) || !Files.isRegularFile(shardFile)) {
                throw new IllegalArgumentException("safetensors index " + indexFile + ": tensor '" + e.getKey()
                        + "' is mapped to shard '" + shard + "', which does not exist in " + dir);
            }
            Map<String, HostTensor> tensors = shards.computeIfAbsent(shard, s -> read(shardFile));
            HostTensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("safetensors index " + indexFile + ": tensor '" + e.getKey()
                        + "' is mapped to shard '" + shard + "', which does not contain it");
            }
            out.put(e.getKey(), t);
        }
        return out;
    }

    /** A Hugging Face folder's weights: {@value #MODEL_FILE}, else {@value #INDEX_FILE} and its shards. */
    public static Map<String, HostTensor> readFolder(Path dir) {
        Path single = dir.resolve(MODEL_FILE);
        if (Files.isRegularFile(single)) {
            return read(single);
        }
        Path index = dir.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            return readSharded(index);
        }
        throw new IllegalArgumentException("model folder " + dir + " has neither " + MODEL_FILE + " nor " + INDEX_FILE);
    }
}
