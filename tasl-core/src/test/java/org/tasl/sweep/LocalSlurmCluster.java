package org.tasl.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Starts the project's single-node Slurm (tools/slurm/local-cluster.sh start: installs
 * slurm-wlm and munge when missing and root, idempotent) for the tests that need a real one.
 */
final class LocalSlurmCluster {
    private LocalSlurmCluster() {}

    /** Null when the cluster is up, else why it is not (the test then skips with that message). */
    static String ensure() {
        Path script = find();
        if (script == null) {
            return "tools/slurm/local-cluster.sh not found above " + Path.of("").toAbsolutePath();
        }
        try {
            Path log = Files.createTempFile("local-cluster", ".log");
            Process p = new ProcessBuilder(script.toString(), "start").redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(900, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "local-cluster.sh start did not finish within 15 minutes";
            }
            String out = Files.readString(log, StandardCharsets.UTF_8).strip();
            Files.deleteIfExists(log);
            return p.exitValue() == 0 ? null : "the local Slurm cluster cannot start: " + out;
        } catch (IOException e) {
            return "cannot run " + script + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static Path find() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path s = d.resolve("tools/slurm/local-cluster.sh");
            if (Files.isExecutable(s)) {
                return s;
            }
        }
        return null;
    }
}
