package org.tasl.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The two kernelspecs, {@code tasl} ("TaSL (Python on JVM)") and {@code tasl-js} ("TaSL
 * (JavaScript on JVM)"): {@code kernel.json} (argv through the repository's {@code ./tasl}
 * launcher, which picks the JDK and JVM flags), and two logos drawn by {@link KernelLogo}.
 */
public final class KernelSpec {
    /** One kernelspec: its folder name, display name, language, and the argv after {@code ./tasl kernel start}. */
    public record Flavor(String name, String displayName, String language, List<String> startArgs) {}

    public static final String NAME = "tasl";
    public static final String DISPLAY_NAME = "TaSL (Python on JVM)";
    public static final String JS_NAME = "tasl-js";
    public static final String JS_DISPLAY_NAME = "TaSL (JavaScript on JVM)";

    public static final Flavor PYTHON = new Flavor(NAME, DISPLAY_NAME, "python", List.of());
    public static final Flavor JS = new Flavor(JS_NAME, JS_DISPLAY_NAME, "javascript", List.of("--language", "javascript"));
    /** Every kernelspec {@code ./tasl kernel install} writes. */
    public static final List<Flavor> ALL = List.of(PYTHON, JS);


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

    /** The kernel.json text of the Python kernel for a launcher at {@code launcher} (an absolute path to {@code ./tasl}). */
    public static String kernelJson(Path launcher) {
        return kernelJson(PYTHON, launcher);
    }

    public static String kernelJson(Flavor flavor, Path launcher) {
        List<String> argv = new ArrayList<>(List.of(launcher.toAbsolutePath().normalize().toString(), "kernel", "start"));
        argv.addAll(flavor.startArgs());
        argv.add("{connection_file}");
        return "{\n"
                + "  \"argv\": [" + argv.stream().map(KernelSpec::quote).collect(Collectors.joining(", ")) + "],\n"
                + "  \"display_name\": " + quote(flavor.displayName()) + ",\n"
                + "  \"language\": " + quote(flavor.language()) + ",\n"
                + "  \"interrupt_mode\": \"message\",\n"
                + "  \"env\": {\"TASL_MVN_OFFLINE\": \"1\"},\n"
                + "  \"metadata\": {\"debugger\": false}\n"
                + "}\n";
    }

    /** Writes {@code kernelsDir/tasl/} (replacing an older one); returns that folder. */
    public static Path install(Path kernelsDir, Path launcher) throws IOException {
        return install(PYTHON, kernelsDir, launcher);
    }

    /** Writes {@code kernelsDir/<flavor name>/} (replacing an older one); returns that folder. */
    public static Path install(Flavor flavor, Path kernelsDir, Path launcher) throws IOException {
        if (!Files.isRegularFile(launcher)) {
            throw new IllegalArgumentException("launcher " + launcher + " not found (expected the repository's ./tasl script)");
        }
        Path dir = kernelsDir.resolve(flavor.name());
        Files.createDirectories(dir);
        write(dir.resolve("kernel.json"), kernelJson(flavor, launcher).getBytes(StandardCharsets.UTF_8));
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
