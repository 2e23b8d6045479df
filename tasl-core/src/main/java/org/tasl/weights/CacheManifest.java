package org.tasl.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tasl.util.AtomicFiles;

/**
 * {@code tasl-cache.json}: what a converted folder must contain, file by file (size, sha256,
 * modification time), plus where it came from. A folder whose manifest is missing or does not
 * match is rebuilt. The fast check compares sizes and times and hashes only files whose time
 * changed (anything written since conversion); the full check hashes every file.
 */
public final class CacheManifest {

    public static final String FILE = "tasl-cache.json";
    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CacheManifest() {}

    /** Writes the manifest of every regular file of {@code dir} (but itself). */
    static void write(Path dir, Map<String, Object> info) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        info.forEach((k, v) -> root.set(k, JSON.valueToTree(v)));
        ObjectNode files = root.putObject("files");
        List<Path> list;
        try (Stream<Path> s = Files.list(dir)) {
            list = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(FILE)).sorted().toList();
        }
        for (Path f : list) {
            ObjectNode n = files.putObject(f.getFileName().toString());
            n.put("size", Files.size(f));
            n.put("sha256", sha256(f));
            n.put("mtime_ms", Files.getLastModifiedTime(f).toMillis());
        }
        AtomicFiles.writeString(dir.resolve(FILE), JSON.writeValueAsString(root));
    }

    /**
     * Adds (or replaces) the entry of one file of {@code dir} in its manifest, leaving the other
     * entries as they are: how a cache made by an older converter gains a file without being
     * converted again.
     */
    static void addFile(Path dir, String name) throws IOException {
        Path mf = dir.resolve(FILE);
        ObjectNode root = (ObjectNode) JSON.readTree(mf.toFile());
        Path f = dir.resolve(name);
        ObjectNode n = ((ObjectNode) root.get("files")).putObject(name);
        n.put("size", Files.size(f));
        n.put("sha256", sha256(f));
        n.put("mtime_ms", Files.getLastModifiedTime(f).toMillis());
        AtomicFiles.writeString(mf, JSON.writeValueAsString(root));
    }

    /** Null when {@code dir} matches its manifest; otherwise what is wrong. */
    static String problem(Path dir, boolean full) {
        Path mf = dir.resolve(FILE);
        if (!Files.isRegularFile(mf)) {
            return Files.isDirectory(dir) ? FILE + " is missing (conversion never finished)" : "not converted yet";
        }
        JsonNode root;
        try {
            root = JSON.readTree(mf.toFile());
        } catch (IOException e) {
            return FILE + " is not valid JSON";
        }
        if (root.path("format").asInt() != FORMAT || !root.path("files").isObject() || root.path("files").isEmpty()) {
            return FILE + " has an unknown format";
        }
        boolean refreshed = false;
        try {
            for (Iterator<Map.Entry<String, JsonNode>> it = root.get("files").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Path f = dir.resolve(e.getKey());
                if (!Files.isRegularFile(f)) {
                    return e.getKey() + " is missing";
                }
                long size = Files.size(f);
                if (size != e.getValue().path("size").asLong()) {
                    return e.getKey() + " has " + size + " bytes, expected " + e.getValue().path("size").asLong() + " (truncated?)";
                }
                long mtime = Files.getLastModifiedTime(f).toMillis();
                boolean touched = mtime != e.getValue().path("mtime_ms").asLong();
                if ((full || touched) && !sha256(f).equals(e.getValue().path("sha256").asText())) {
                    return e.getKey() + " does not match its sha256 (corrupted)";
                }
                if (touched) {
                    // same bytes, new time (a copied cache): remember it so the next check is fast again
                    ((ObjectNode) e.getValue()).put("mtime_ms", mtime);
                    refreshed = true;
                }
            }
            if (refreshed) {
                try {
                    AtomicFiles.writeString(mf, JSON.writeValueAsString(root));
                } catch (RuntimeException ignored) {
                    // a read-only cache stays valid; it is just hashed again next time
                }
            }
        } catch (IOException e) {
            return "cannot read the cache: " + e.getMessage();
        }
        return null;
    }

    static JsonNode read(Path dir) {
        try {
            return JSON.readTree(dir.resolve(FILE).toFile());
        } catch (IOException e) {
            return null;
        }
    }

    static String sha256(Path f) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (FileChannel ch = FileChannel.open(f)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 20);
            while (ch.read(b) > 0) {
                b.flip();
                md.update(b);
                b.clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
