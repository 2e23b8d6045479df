package org.tasl.gpu;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Packs what a run on a GPU machine needs into one tar.xz: a jlink'ed Java runtime, the project's
 * jars without DJL's CPU natives (the GPU machine builds its own libdjl_torch.so against its
 * PyTorch with native/build.sh), the native sources with jni.h, and a launcher script.
 *
 * <pre>
 * tasl-gpu/
 *   run.sh            builds the native library on first use, sets the DJL environment, runs a main class
 *   runtime/          jlink'ed JDK (java.base, java.logging, java.management, jdk.unsupported, java.xml, java.sql)
 *   lib/*.jar         the classpath
 *   native/           build.sh, djl_torch/*.cpp|h, jni-include/, bench/, README.md
 * </pre>
 */
public final class GpuBundle {

    /** The device tool carries 64 MiB together with the working tree: the bundle must leave room. */
    public static final long MAX_BYTES = 40L * 1024 * 1024;

    /** The runtime's modules; jdk.jfr lets a GPU run be profiled (-XX:StartFlightRecording in TASL_JAVA_OPTS). */
    static final List<String> MODULES = List.of("java.base", "java.logging", "java.management", "jdk.unsupported", "java.xml", "java.sql",
            "jdk.jfr");

    /**
     * Jars that must not travel: DJL's CPU natives (111 MB) and prebuilt JNI, test runtimes, and
     * what only the CLI's other modules use (GraalPy/GraalJS, the dashboard's web server, the
     * kernel's crypto): the bundle runs tasl-core's and tasl-bench's main classes, in 40 MB.
     */
    static boolean excluded(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        for (String prefix : List.of("pytorch-native-", "pytorch-jni-", "junit-", "opentest4j", "apiguardian", "jspecify",
                "polyglot-", "truffle-", "python-", "js-", "regex-", "icu4j", "graalpy", "compiler-", "nativeimage",
                "collections-", "word-", "jniutils", "bcprov", "bcpkix", "bcutil", "kotlin", "javalin", "jetty-", "jeromq",
                "jnacl", "picocli", "websocket-", "annotations-")) {
            if (n.startsWith(prefix)) {
                return true;
            }
        }
        // the project's own modules: tasl-core and tasl-bench (the others need the excluded runtimes)
        return n.startsWith("tasl-") && KEPT_MODULES.stream().noneMatch(n::startsWith);
    }

    /**
     * The project's modules that travel: the engine (tasl-core, RunMain, SweepMain) and this
     * module's tooling (NdConformance, GpuBenchmark, bench.Compare).
     */
    static final List<String> KEPT_MODULES = List.of("tasl-core", "tasl-bench");

    /** A module's target/classes folder in a development checkout: kept for tasl-core and tasl-bench only. */
    static boolean keptModule(Path classesDir) {
        Path module = classesDir.getParent() == null ? null : classesDir.getParent().getParent();
        return module != null && KEPT_MODULES.contains(module.getFileName().toString());
    }

    private final Path repoRoot;
    private final Path javaHome;

    public GpuBundle(Path repoRoot, Path javaHome) {
        this.repoRoot = repoRoot;
        this.javaHome = javaHome;
    }

    /** Standalone use (what `./tasl native bundle` does): GpuBundle OUT_FILE, classpath = this JVM's. */
    public static void main(String[] args) throws IOException, InterruptedException {
        List<Path> classpath = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classpath.add(Path.of(e).toAbsolutePath());
        }
        Path root = Path.of(System.getProperty("tasl.home", ".")).toAbsolutePath();
        long size = new GpuBundle(root, Path.of(System.getProperty("java.home"))).pack(classpath, Path.of(args[0]).toAbsolutePath());
        System.out.printf(Locale.ROOT, "%s (%.1f MB)%n", args[0], size / 1e6);
    }

    /** Builds the bundle at out (atomically: a temp file in the same folder, then a rename). */
    public long pack(List<Path> classpath, Path out) throws IOException, InterruptedException {
        Path jlink = javaHome.resolve("bin/jlink");
        if (!Files.isExecutable(jlink)) {
            throw new IllegalArgumentException("no jlink in " + javaHome + " (set TASL_JAVA_HOME or JAVA_HOME to a JDK 25)");
        }
        Path jniH = javaHome.resolve("include/jni.h");
        Path jniMd = javaHome.resolve("include/linux/jni_md.h");
        if (!Files.isRegularFile(jniH) || !Files.isRegularFile(jniMd)) {
            throw new IllegalArgumentException("no include/jni.h and include/linux/jni_md.h in " + javaHome + ": need a full JDK");
        }
        Path stage = Files.createTempDirectory("tasl-gpu-bundle");
        try {
            Path top = stage.resolve("tasl-gpu");
            Files.createDirectories(top.resolve("lib"));
            run(List.of(jlink.toString(), "--add-modules", String.join(",", MODULES), "--strip-debug", "--no-header-files",
                    "--no-man-pages", "--compress", "zip-9", "--output", top.resolve("runtime").toString()));
            List<String> names = new ArrayList<>();
            for (Path entry : classpath) {
                String name = entry.getFileName().toString();
                if (Files.isDirectory(entry)) {
                    if (keptModule(entry)) {  // tasl-core/target/classes in a development checkout
                        String jar = entry.getParent().getParent().getFileName() + ".jar";
                        jarDirectory(entry, top.resolve("lib").resolve(jar));
                        names.add(jar);
                    }
                } else if (name.endsWith(".jar") && !excluded(name) && Files.isRegularFile(entry)) {
                    copyLinuxOnly(entry, top.resolve("lib").resolve(name));
                    names.add(name);
                }
            }
            Path nativeSrc = repoRoot.resolve("native");
            Path nativeDst = top.resolve("native");
            copyTree(nativeSrc, nativeDst, p -> !p.startsWith(nativeSrc.resolve("build")) && !p.startsWith(nativeSrc.resolve("jni-include")));
            Files.createDirectories(nativeDst.resolve("jni-include"));
            Files.copy(jniH, nativeDst.resolve("jni-include/jni.h"));
            Files.copy(jniMd, nativeDst.resolve("jni-include/jni_md.h"));
            Path runSh = top.resolve("run.sh");
            Files.writeString(runSh, runScript(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(runSh, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".bundle", ".tar.xz");
            run(List.of("tar", "-C", stage.toString(), "-cJf", tmp.toString(), "tasl-gpu"));
            long size = Files.size(tmp);
            if (size > MAX_BYTES) {
                Files.deleteIfExists(tmp);
                throw new IllegalStateException(String.format(Locale.ROOT, "bundle would be %.1f MB, over the %d MB limit; jars: %s",
                        size / 1e6, MAX_BYTES >> 20, names));
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return size;
        } finally {
            deleteTree(stage);
        }
    }

    /** The run script inside the bundle: everything relative to its own folder. */
    static String runScript() {
        return """
                #!/usr/bin/env bash
                # tasl-gpu/run.sh MAIN_CLASS [ARGS...]: runs a Java main class of the project on this machine's PyTorch.
                # First use compiles native/djl_torch against the local torch (python3 -c 'import torch') into
                # native/build/; later uses reuse it. Set TASL_TORCH=DIR to pick another torch folder.
                set -euo pipefail
                HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
                if [ ! -f "$HERE/native/build/active.env" ]; then
                  "$HERE/native/build.sh" ${TASL_TORCH:+--torch "$TASL_TORCH"} --jobs "$(nproc 2>/dev/null || echo 4)" >&2
                fi
                # shellcheck disable=SC1091
                . "$HERE/native/build/active.env"
                exec "$HERE/runtime/bin/java" -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \\
                  --enable-native-access=ALL-UNNAMED ${TASL_JAVA_OPTS:-} -cp "$HERE/lib/*" "$@"
                """;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = p.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (p.waitFor() != 0) {
            throw new IOException(command.get(0) + " failed: " + output.strip());
        }
    }

    /**
     * Copies a jar without the native libraries of other platforms (DJL's native/lib/<platform>/
     * layout: the tokenizers jar carries four platforms, 54 MB, of which the GPU machine needs one).
     */
    static void copyLinuxOnly(Path from, Path to) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(from.toFile());
                OutputStream os = Files.newOutputStream(to); JarOutputStream jos = new JarOutputStream(os)) {
            for (java.util.zip.ZipEntry e : java.util.Collections.list(zip.entries())) {
                String n = e.getName();
                if (n.startsWith("native/lib/") && n.length() > "native/lib/".length() && n.indexOf('/', "native/lib/".length()) > 0
                        && !n.startsWith("native/lib/linux-x86_64/")) {
                    continue;
                }
                jos.putNextEntry(new JarEntry(n));
                try (InputStream in = zip.getInputStream(e)) {
                    in.transferTo(jos);
                }
                jos.closeEntry();
            }
        }
    }

    private static void jarDirectory(Path dir, Path jar) throws IOException {
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream jos = new JarOutputStream(os);
                Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                jos.putNextEntry(new JarEntry(dir.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, jos);
                jos.closeEntry();
            }
        }
    }

    private static void copyTree(Path from, Path to, java.util.function.Predicate<Path> keep) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files.filter(keep)::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp folder is harmless
        }
    }
}
