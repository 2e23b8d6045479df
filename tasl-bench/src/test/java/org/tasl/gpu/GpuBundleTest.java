package org.tasl.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes into the GPU bundle. */
class GpuBundleTest {

    @Test
    void djlCpuNativesPrebuiltJniAndTestJarsStayBehind() {
        assertTrue(GpuBundle.excluded("pytorch-native-cpu-2.7.1-linux-x86_64.jar"));
        assertTrue(GpuBundle.excluded("pytorch-jni-2.7.1-0.36.0.jar"));
        assertTrue(GpuBundle.excluded("junit-jupiter-api-6.1.3.jar"));
        assertTrue(GpuBundle.excluded("polyglot-25.0.1.jar"));
        assertFalse(GpuBundle.excluded("pytorch-engine-0.36.0.jar"));
        assertFalse(GpuBundle.excluded("api-0.36.0.jar"));
        assertFalse(GpuBundle.excluded("tokenizers-0.36.0.jar"));
        // the CLI's other modules and what only they need
        assertTrue(GpuBundle.excluded("tasl-dashboard-0.1.0-SNAPSHOT.jar"));
        assertTrue(GpuBundle.excluded("python-language-25.0.3.jar"));
        assertTrue(GpuBundle.excluded("javalin-7.2.3.jar"));
        assertFalse(GpuBundle.excluded("tasl-core-0.1.0-SNAPSHOT.jar"));
        assertFalse(GpuBundle.excluded("tasl-bench-0.1.0-SNAPSHOT.jar"), "the bundle's tooling (NdConformance, Compare)");
        assertTrue(GpuBundle.excluded("tasl-cli-0.1.0-SNAPSHOT.jar"));
        assertTrue(GpuBundle.keptModule(Path.of("/repo/tasl-core/target/classes")));
        assertTrue(GpuBundle.keptModule(Path.of("/repo/tasl-bench/target/classes")));
        assertFalse(GpuBundle.keptModule(Path.of("/repo/cli/target/classes")));
    }

    @Test
    void jarsKeepOnlyTheLinuxX8664NativeLibraries(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("tokenizers.jar");
        try (OutputStream os = Files.newOutputStream(in); JarOutputStream jar = new JarOutputStream(os)) {
            for (String name : List.of("ai/djl/Foo.class", "native/lib/linux-x86_64/cpu/libtokenizers.so",
                    "native/lib/osx-aarch64/cpu/libtokenizers.dylib", "native/lib/win-x86_64/cpu/tokenizers.dll",
                    "native/lib/tokenizers.properties")) {
                jar.putNextEntry(new JarEntry(name));
                jar.write(name.getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        Path out = dir.resolve("out.jar");
        GpuBundle.copyLinuxOnly(in, out);
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(out.toFile())) {
            for (ZipEntry e : Collections.list(zip.entries())) {
                names.add(e.getName());
            }
        }
        assertEquals(List.of("ai/djl/Foo.class", "native/lib/linux-x86_64/cpu/libtokenizers.so", "native/lib/tokenizers.properties"), names);
    }

    @Test
    void theRunScriptBuildsOnFirstUseAndSourcesTheDjlEnvironment() {
        String script = GpuBundle.runScript();
        assertTrue(script.contains("native/build.sh"));
        assertTrue(script.contains(". \"$HERE/native/build/active.env\""));
        assertTrue(script.contains("\"$HERE/runtime/bin/java\""));
    }
}
