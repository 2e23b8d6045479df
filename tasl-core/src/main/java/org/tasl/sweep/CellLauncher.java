package org.tasl.sweep;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tasl.run.RunMain;

/**
 * The command that runs one cell in its own process, always resuming (so a cell killed or
 * preempted mid-run continues after its last completed task, and a fresh cell simply starts).
 * Two spellings of the same run:
 * <ul>
 *   <li>{@link Style#MAIN}: a Java main taking {@code key=value} run options — {@link RunMain} on
 *       this JVM's own java, flags and classpath (works from the GPU bundle, which has no CLI);</li>
 *   <li>{@link Style#CLI}: {@code ./tasl run --key value ... --resume} (what the CLI uses, and
 *       the nicest line for {@code --executor print}).</li>
 * </ul>
 */
public record CellLauncher(List<String> prefix, Style style) {

    public enum Style { MAIN, CLI }

    public CellLauncher {
        prefix = List.copyOf(prefix);
    }

    /** RunMain on this JVM: its java binary, its flags (debug agents aside) and its classpath. */
    public static CellLauncher currentJvm() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib:jdwp") && !a.startsWith("-Xrunjdwp")) {
                cmd.add(a);
            }
        }
        // absolute entries: a Slurm task or a later --resume may start from another folder
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            cp.add(e.isEmpty() ? e : Path.of(e).toAbsolutePath().toString());
        }
        cmd.add("-cp");
        cmd.add(String.join(java.io.File.pathSeparator, cp));
        cmd.add(RunMain.class.getName());
        return new CellLauncher(cmd, Style.MAIN);
    }

    /** {@code SCRIPT run ...}: the project's ./tasl launcher. */
    public static CellLauncher taslScript(Path script) {
        return new CellLauncher(List.of(script.toAbsolutePath().toString(), "run"), Style.CLI);
    }

    /** The full command of a cell: the fixed options, the cell's values, its run directory, resume. */
    public List<String> command(SweepGrid grid, SweepCell cell, Path runDir) {
        List<String> cmd = new ArrayList<>(prefix);
        for (Map.Entry<String, String> e : grid.fixed().entrySet()) {
            option(cmd, e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : cell.values().entrySet()) {
            option(cmd, e.getKey(), e.getValue());
        }
        option(cmd, "out", runDir.toAbsolutePath().toString());
        if (style == Style.MAIN) {
            cmd.add("resume=true");
        } else {
            cmd.add("--resume");
        }
        return cmd;
    }

    private void option(List<String> cmd, String key, String value) {
        if (style == Style.MAIN) {
            cmd.add(key + "=" + value);
        } else {
            cmd.add("--" + key.replace('_', '-'));
            cmd.add(value);
        }
    }

    /** One shell word per argument, single-quoted where needed. */
    public static String shell(List<String> command) {
        StringBuilder sb = new StringBuilder();
        for (String a : command) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(quote(a));
        }
        return sb.toString();
    }

    public static String quote(String a) {
        if (!a.isEmpty() && a.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return a;
        }
        return "'" + a.replace("'", "'\\''") + "'";
    }
}
