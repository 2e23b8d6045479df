package org.tasl.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The kernelspec {@code tasl}: {@code kernel.json} (argv through the repository's {@code ./tasl}
 * launcher, which picks the JDK and JVM flags), and two logos drawn by {@link KernelLogo}.
 */
public final class KernelSpec {
    public static final String NAME = "tasl";
    public static final String DISPLAY_NAME = "TaSL (Python on JVM)";

    private KernelSpec() {}

    /** The kernels folder: {@code PREFIX/share/jupyter/kernels}. */
    public static Path kernelsDirForPrefix(Path prefix) {
        return prefix.resolve("share").resolve("jupyter").resolve("kernels");
    }

    /** The user's kernels folder: {@code $JUPYTER_DATA_DIR/kernels}, else {@code ~/.local/share/jupyter/kernels}. */
    public static Path userKernelsDir() {
        String data = System.getenv("JUPYTER_DATA_DIR");
        if (data != null && !data.isBlank()) {
            return Path.of(data).resolve("kernels");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("jupyter").resolve("kernels");
    }

    /** The kernel.json text for a launcher at {@code launcher} (an absolute path to {@code ./tasl}). */
    public static String kernelJson(Path launcher) {
        List<String> argv = List.of(launcher.toAbsolutePath().normalize().toString(), "kernel", "start", "{connection_file}");
        return "{\n"
                + "  \"argv\": [" + argv.stream().map(KernelSpec::quote).collect(Collectors.joining(", ")) + "],\n"
                + "  \"display_name\": " + quote(DISPLAY_NAME) + ",\n"
                + "  \"language\": \"python\",\n"
                + "  \"interrupt_mode\": \"message\",\n"
                + "  \"env\": {\"TASL_MVN_OFFLINE\": \"1\"},\n"
                + "  \"metadata\": {\"debugger\": false}\n"
                + "}\n";
    }

    /** Writes {@code kernelsDir/tasl/} (replacing an older one); returns that folder. */
    public static Path install(Path kernelsDir, Path launcher) throws IOException {
        if (!Files.isRegularFile(launcher)) {
            throw new IllegalArgumentException("launcher " + launcher + " not found (expected the repository's ./tasl script)");
        }
        Path dir = kernelsDir.resolve(NAME);
        Files.createDirectories(dir);
        write(dir.resolve("kernel.json"), kernelJson(launcher).getBytes(StandardCharsets.UTF_8));
        write(dir.resolve("logo-64x64.png"), KernelLogo.png(64));
        write(dir.resolve("logo-32x32.png"), KernelLogo.png(32));
        return dir;
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
