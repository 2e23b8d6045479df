package org.tasl.data.pull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.tasl.util.Json;

/**
 * {@code <data dir>/<benchmark>/pull-manifest.json}: the sha256 of every upstream file the
 * first pull downloaded (re-runs verify them: a changed upstream file or a corrupt download is
 * an error, not a silent change of the benchmark) and of every converted task file.
 */
public final class PullManifest {
    public static final String FILE = "pull-manifest.json";

    private final Path file;
    private final Map<String, Map<String, Object>> downloads = new TreeMap<>();
    private final Map<String, String> outputs = new TreeMap<>();

    private PullManifest(Path file) {
        this.file = file;
    }

    public static PullManifest load(Path file) {
        PullManifest m = new PullManifest(file);
        if (Files.exists(file)) {
            Map<String, Object> json = Json.readObject(file);
            Object d = json.get("downloads");
            if (d instanceof Map<?, ?> dm) {
                dm.forEach((k, v) -> {
                    if (v instanceof Map<?, ?> entry) {
                        Map<String, Object> e = new LinkedHashMap<>();
                        entry.forEach((a, b) -> e.put(String.valueOf(a), b));
                        m.downloads.put(String.valueOf(k), e);
                    }
                });
            }
            Object o = json.get("outputs");
            if (o instanceof Map<?, ?> om) {
                om.forEach((k, v) -> m.outputs.put(String.valueOf(k), String.valueOf(v)));
            }
        }
        return m;
    }

    public Path file() {
        return file;
    }

    /** The recorded sha256 of an upstream file (its path in the upstream tree), or null. */
    public String downloadSha(String path) {
        Map<String, Object> e = downloads.get(path);
        return e == null ? null : (String) e.get("sha256");
    }

    public void recordDownload(String path, String url, String sha256, long bytes) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("url", url);
        e.put("sha256", sha256);
        e.put("bytes", bytes);
        downloads.put(path, e);
    }

    public void recordOutput(String path, String sha256) {
        outputs.put(path, sha256);
    }

    public Map<String, String> outputs() {
        return Map.copyOf(outputs);
    }

    public void save() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("downloads", downloads);
        json.put("outputs", outputs);
        Json.writeAtomically(file, json);
    }
}
