package org.tasl.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelSpecTest {

    @Test
    void installWritesKernelJsonWithTheLauncherArgvAndTwoLogos(@TempDir Path tmp) throws IOException {
        Path launcher = Files.writeString(tmp.resolve("tasl"), "#!/bin/sh\n");
        Path dir = KernelSpec.install(KernelSpec.kernelsDirForPrefix(tmp.resolve("prefix")), launcher);

        assertEquals(tmp.resolve("prefix/share/jupyter/kernels/tasl"), dir);
        String json = Files.readString(dir.resolve("kernel.json"));
        assertTrue(json.contains("\"argv\": [\"" + launcher.toAbsolutePath() + "\", \"kernel\", \"start\", \"{connection_file}\"]"), json);
        assertTrue(json.contains("\"display_name\": \"TaSL (Python on JVM)\""), json);
        assertTrue(json.contains("\"language\": \"python\""), json);
        assertTrue(json.contains("\"interrupt_mode\": \"message\""), json);
        for (int size : new int[] {64, 32}) {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("logo-" + size + "x" + size + ".png"))));
            assertEquals(size, img.getWidth());
            assertEquals(size, img.getHeight());
        }
    }

    @Test
    void theJavaScriptKernelspecStartsTheKernelWithLanguageJavascript(@TempDir Path tmp) throws IOException {
        Path launcher = Files.writeString(tmp.resolve("tasl"), "#!/bin/sh\n");
        Path dir = KernelSpec.install(KernelSpec.JS, KernelSpec.kernelsDirForPrefix(tmp.resolve("prefix")), launcher);

        assertEquals(tmp.resolve("prefix/share/jupyter/kernels/tasl-js"), dir);
        String json = Files.readString(dir.resolve("kernel.json"));
        assertTrue(json.contains("\"argv\": [\"" + launcher.toAbsolutePath()
                + "\", \"kernel\", \"start\", \"--language\", \"javascript\", \"{connection_file}\"]"), json);
        assertTrue(json.contains("\"display_name\": \"TaSL (JavaScript on JVM)\""), json);
        assertTrue(json.contains("\"language\": \"javascript\""), json);
        assertTrue(Files.isRegularFile(dir.resolve("logo-64x64.png")));
    }

    @Test
    void installWithoutTheLauncherNamesTheMissingFile(@TempDir Path tmp) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelSpec.install(tmp, tmp.resolve("no-such-tasl")));
        assertTrue(e.getMessage().contains("no-such-tasl"), e.getMessage());
    }

    @Test
    void jsonStringsAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\"", KernelSpec.quote("a\"b\\c"));
    }

    @Test
    void streamTextIsNeverCutInsideAUtf8Character() {
        // "aé" = 61 C3 A9: cut after C3 the complete prefix is just "a".
        assertEquals(1, IopubStream.completeUtf8Prefix(new byte[] {0x61, (byte) 0xC3}));
        assertEquals(3, IopubStream.completeUtf8Prefix(new byte[] {0x61, (byte) 0xC3, (byte) 0xA9}));
        // "€" = E2 82 AC: two of its three bytes are held back whole.
        assertEquals(0, IopubStream.completeUtf8Prefix(new byte[] {(byte) 0xE2, (byte) 0x82}));
    }
}
