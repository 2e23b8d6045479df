package org.tasl.polyglot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Makes the script packages shipped as classpath resources ({@code python/tasl/…},
 * {@code js/node_modules/tasl/…}) visible to GraalPy and GraalJS, which import from real
 * directories. From a build tree ({@code target/classes}) the resource folder is used in
 * place, so edits show up at once. From a jar the folder is extracted once into
 * {@code ~/.cache/tasl/polyglot/<root>-<version>-<content hash>} (override the base with
 * {@code -Dtasl.cache.dir} or {@code TASL_CACHE_DIR}); a new jar gets a new directory, never a
 * half-written one (extract to a temp sibling, then atomic rename).
 */
final class PackageCache {

    private PackageCache() {}

    /** Directory whose child is the package: the value for python.PythonPath or the require root. */
    static Path root(String resourceRoot, String marker) {
        String probe = resourceRoot + "/" + marker;
        URL url = PackageCache.class.getClassLoader().getResource(probe);
        if (url == null) {
            throw new IllegalStateException("script package resource '" + probe
                    + "' is not on the classpath (is tasl-python-bindings built?)");
        }
        try {
            switch (url.getProtocol()) {
                case "file": {
                    Path p = Paths.get(url.toURI());
                    for (int i = 0; i < marker.split("/").length; i++) {
                        p = p.getParent();
                    }
                    return p;
                }
                case "jar":
                    return extract(((JarURLConnection) url.openConnection()).getJarFileURL(), resourceRoot);
                default:
                    throw new IllegalStateException("cannot load script packages from " + url);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack " + resourceRoot + " from " + url, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path extract(URL jarUrl, String resourceRoot) throws IOException {
        Path jarPath;
        try {
            jarPath = Paths.get(jarUrl.toURI());
        } catch (URISyntaxException e) {
            throw new IOException("unsupported jar location " + jarUrl, e);
        }
        String prefix = resourceRoot + "/";
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            List<JarEntry> entries = new ArrayList<>();
            MessageDigest md = sha256();
            jar.stream().filter(e -> e.getName().startsWith(prefix) && !e.isDirectory())
                    .sorted(Comparator.comparing(JarEntry::getName))
                    .forEach(e -> {
                        entries.add(e);
                        md.update((e.getName() + ":" + e.getCrc() + ":" + e.getSize() + "\n")
                                .getBytes(StandardCharsets.UTF_8));
                    });
            String hash = HexFormat.of().formatHex(md.digest()).substring(0, 12);
            String leaf = resourceRoot.replace('/', '-');
            Path target = cacheBase().resolve(leaf + "-" + org.tasl.Version.VERSION + "-" + hash);
            if (Files.isDirectory(target)) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempDirectory(target.getParent(), leaf + ".tmp");
            for (JarEntry e : entries) {
                Path out = tmp.resolve(e.getName().substring(prefix.length())).normalize();
                if (!out.startsWith(tmp)) {
                    throw new IOException("resource escapes its folder: " + e.getName());
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = jar.getInputStream(e)) {
                    Files.copy(in, out);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException
                     | java.nio.file.DirectoryNotEmptyException raced) {
                deleteTree(tmp); // another JVM unpacked the same content first
            }
            return target;
        }
    }

    static Path cacheBase() {
        String prop = System.getProperty("tasl.cache.dir");
        if (prop == null || prop.isBlank()) {
            prop = System.getenv("TASL_CACHE_DIR");
        }
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop).resolve("polyglot");
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "tasl", "polyglot");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
