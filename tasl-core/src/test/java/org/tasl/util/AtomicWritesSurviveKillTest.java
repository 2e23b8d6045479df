package org.tasl.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.tensor.HostTensor;
import org.tasl.weights.SafeTensors;

/**
 * kill -9 in the middle of a consolidation's writes leaves each file whole: either the version
 * before or a later one, never an empty, short or mixed file. A separate JVM
 * ({@link AtomicWriteLoop}) rewrites units.csv and theta_hat.safetensors in a loop and is
 * killed with SIGKILL at random moments; after each kill both files are read back in full.
 * (A kill keeps what reached the page cache; the fsyncs of the writers are what carries the
 * same guarantee over a power loss, which a test cannot cut.)
 */
class AtomicWritesSurviveKillTest {
    @TempDir
    Path dir;

    @Test
    void everyKillLeavesTheOldOrTheNewFileNeverAPartialOne() throws Exception {
        Random random = new Random(13);
        long next = 0;
        for (int round = 0; round < 6; round++) {
            long written = runAndKill(next, 2 + random.nextInt(6), random.nextInt(40));
            long units = AtomicWriteLoop.unitsVersion(Files.readString(dir.resolve("units.csv")));
            long theta = thetaVersion(dir.resolve("theta_hat.safetensors"));
            // what the child reported written is on disk, or a later version
            assertTrue(units >= written, "round " + round + ": units.csv holds version " + units + ", " + written + " was written");
            assertTrue(theta >= written, "round " + round + ": theta holds version " + theta + ", " + written + " was written");
            next = Math.max(units, theta) + 1;
        }
    }

    /** Starts the loop at version {@code from}, kills it (SIGKILL) after {@code writes} pairs plus {@code ms}; returns the last version it reported. */
    private long runAndKill(long from, int writes, int ms) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AtomicWriteLoop.class.getName(), dir.toString(), Long.toString(from))
                .redirectErrorStream(true).start();
        long last = from - 1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (int seen = 0; seen < writes; ) {
                String line = out.readLine();
                if (line == null) {
                    throw new AssertionError("the write loop ended by itself, exit " + child.waitFor());
                }
                if (line.startsWith("wrote ")) {
                    last = Long.parseLong(line.substring(6));
                    seen++;
                }
            }
            Thread.sleep(ms);
            child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no finally blocks
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed child is gone");
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        return last;
    }

    private static long thetaVersion(Path file) {
        Map<String, HostTensor> t = SafeTensors.read(file);
        assertEquals(List.of("w"), List.copyOf(t.keySet()), "theta tensors");
        float[] v = t.get("w").toFloatArray();
        assertEquals(AtomicWriteLoop.FLOATS, v.length, "theta length");
        for (float x : v) {
            if (x != v[0]) {
                throw new AssertionError("theta mixes versions " + v[0] + " and " + x);
            }
        }
        return (long) v[0];
    }
}
