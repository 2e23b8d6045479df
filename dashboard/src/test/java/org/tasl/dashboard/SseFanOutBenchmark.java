package org.tasl.dashboard;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tasl.event.EventBus;
import org.tasl.event.RunEvent;
import org.tasl.event.RunEvent.Type;

/**
 * How much do 50 browsers watching a run slow its training? A CPU-bound "training" loop
 * publishes a step event per step and an importance snapshot of 576 rank units (12 layers × 6
 * modules × 8 ranks) every 20 steps, on a bus attached to a dashboard, with 0 and then 50 SSE
 * clients reading on loopback (in this JVM, so they compete for the same cores). Rounds
 * alternate 0/50 and the medians are compared. Prints numbers; asserts nothing about time.
 *
 * <pre>mvn -o -q -pl dashboard -am test -Dtest=SseFanOutBenchmark -DexcludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * Knobs: -Dbench.stepMillis=5 (work per step), -Dbench.steps=400, -Dbench.rounds=3, -Dbench.clients=50.
 */
@Tag("benchmark")
class SseFanOutBenchmark {
    private static final int LAYERS = 12;
    private static final int RANKS = 8;
    private static final int SNAPSHOT_EVERY = 20;
    private static volatile double sink;

    @Test
    void fiftyClientsBarelySlowThePublisher() throws Exception {
        int clients = Integer.getInteger("bench.clients", 50);
        int rounds = Integer.getInteger("bench.rounds", 5);
        for (String spec : System.getProperty("bench.config", "5:400,50:60").split(",")) {
            double stepMillis = Double.parseDouble(spec.split(":")[0]);
            int steps = Integer.parseInt(spec.split(":")[1]);
            run(stepMillis, steps, clients, rounds);
        }
    }

    private void run(double stepMillis, int steps, int clients, int rounds) throws Exception {
        Path runs = Files.createTempDirectory("tasl-bench");
        int work = calibrate(stepMillis);
        List<RunEvent> snapshots = new ArrayList<>();
        for (int s = 0; s < steps / SNAPSHOT_EVERY + 1; s++) {
            snapshots.add(RunEvent.of(Type.IMPORTANCE_SNAPSHOT, "bench", Map.of("task", 0, "task_name", "t0",
                    "step", s * SNAPSHOT_EVERY, "units", units(s))));
        }
        double[] alone = new double[rounds];
        double[] watched = new double[rounds];
        double[] aloneCpu = new double[rounds];
        double[] aloneProc = new double[rounds];
        double[] watchedProc = new double[rounds];
        double[] watchedCpu = new double[rounds];
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long delivered = 0;
        double worstDrain = 0;
        try (DashboardServer server = DashboardServer.start(runs, null, 0)) {
            EventBus bus = new EventBus();
            server.attach("bench", runs.resolve("bench"), bus);
            loop(bus, steps, work, snapshots, -1); // warm-up
            for (int r = 0; r < rounds; r++) {
                alone[r] = loop(bus, steps, work, snapshots, r);
                aloneCpu[r] = lastCpuMillis;
                aloneProc[r] = lastProcessCpuMillis;
                List<Reader> readers = new ArrayList<>();
                String marker = "end-of-round-" + r;
                for (int c = 0; c < clients; c++) {
                    readers.add(new Reader(server.port(), marker));
                }
                for (Reader rd : readers) {
                    rd.connected.await(30, TimeUnit.SECONDS);
                }
                Thread.sleep(500); // replay delivered, clients idle
                watched[r] = loop(bus, steps, work, snapshots, r);
                watchedCpu[r] = lastCpuMillis;
                watchedProc[r] = lastProcessCpuMillis;
                long t0 = System.nanoTime();
                bus.onEvent(RunEvent.of(Type.LOG, "bench", Map.of("level", "info", "message", marker)));
                for (Reader rd : readers) {
                    rd.sawMarker.await(60, TimeUnit.SECONDS);
                }
                worstDrain = Math.max(worstDrain, (System.nanoTime() - t0) / 1e6);
                for (Reader rd : readers) {
                    delivered += rd.bytes;
                    rd.close();
                }
            }
        }
        double a = median(alone);
        double w = median(watched);
        System.out.printf(
                "%n[SseFanOutBenchmark] %d steps of ~%.0f ms CPU work, snapshot of %d units every %d steps, %d cores%n"
                        + "  0 clients : %s ms per loop (median %.1f)%n"
                        + "  %d clients: %s ms per loop (median %.1f)%n"
                        + "  slowdown  : %+.1f %% wall (median vs median)%n"
                        + "  publisher thread CPU: %s ms alone, %s ms watched -> %+.1f %% (the cost on the training thread itself)%n"
                        + "  whole-JVM CPU during the loop: %.0f ms alone, %.0f ms watched: serving %d clients (server + the"
                        + " in-JVM readers) cost %.0f ms CPU = %.2f ms per step%n"
                        + "  machine load average during the run: %.1f on %d cores%n"
                        + "  %.1f MB delivered in all; the last event reached all clients %.0f ms after the loop ended%n",
                steps, stepMillis, LAYERS * SimulatedRun.MODULES.size() * RANKS, SNAPSHOT_EVERY,
                Runtime.getRuntime().availableProcessors(), round(alone), a, clients,
                round(watched), w, 100 * (w - a) / a, round(aloneCpu), round(watchedCpu),
                100 * (median(watchedCpu) - median(aloneCpu)) / median(aloneCpu),
                median(aloneProc), median(watchedProc), clients, median(watchedProc) - median(aloneProc),
                (median(watchedProc) - median(aloneProc)) / steps, os.getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors(), delivered / 1e6, worstDrain);
    }

    /** Runs the loop; returns its wall time in ms (and its thread's CPU time in {@link #lastCpuMillis}). */
    private static double loop(EventBus bus, int steps, int work, List<RunEvent> snapshots, int round) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        long p0 = processCpuNanos();
        long t0 = System.nanoTime();
        for (int s = 1; s <= steps; s++) {
            sink += compute(work);
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("task", 0);
            step.put("task_name", "t0");
            step.put("step", s);
            step.put("steps", steps);
            step.put("loss", 1.0 / s);
            step.put("lr", 1e-3);
            bus.onEvent(RunEvent.of(Type.STEP, "bench", step));
            if (s % SNAPSHOT_EVERY == 0) {
                bus.onEvent(snapshots.get(s / SNAPSHOT_EVERY));
            }
        }
        double wall = (System.nanoTime() - t0) / 1e6;
        lastCpuMillis = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
        lastProcessCpuMillis = (processCpuNanos() - p0) / 1e6;
        return wall;
    }

    private static double lastProcessCpuMillis;

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private static double lastCpuMillis;

    /** Matrix products of 48×48 doubles: the "training" work. */
    private static double compute(int reps) {
        int n = 48;
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        double[] c = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) * 0.1;
            b[i] = (i % 5) * 0.2;
        }
        for (int r = 0; r < reps; r++) {
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    double x = a[i * n + k];
                    for (int j = 0; j < n; j++) {
                        c[i * n + j] += x * b[k * n + j];
                    }
                }
            }
            a[r % a.length] += c[(r * 31) % c.length] * 1e-9;
        }
        return c[0];
    }

    /** Repetitions of {@link #compute} that take about {@code millis} of CPU (wall time is noisy on a shared machine). */
    private static int calibrate(double millis) {
        for (int i = 0; i < 200; i++) {
            sink += compute(10);
        }
        long t0 = THREADS.getCurrentThreadCpuTime();
        sink += compute(400);
        double perRep = (THREADS.getCurrentThreadCpuTime() - t0) / 1e6 / 400;
        return Math.max(1, (int) Math.round(millis / perRep));
    }

    private static List<Map<String, Object>> units(int seed) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int l = 0; l < LAYERS; l++) {
            for (String m : SimulatedRun.MODULES) {
                for (int r = 0; r < RANKS; r++) {
                    Map<String, Object> u = new LinkedHashMap<>();
                    u.put("unit", "encoder.layer." + l + "." + m + "#rank" + r);
                    u.put("layer", l);
                    u.put("module", m);
                    u.put("kind", "rank");
                    u.put("rank", r);
                    u.put("score", ((l * 31 + r * 7 + seed) % 97) / 97.0);
                    out.add(u);
                }
            }
        }
        return out;
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String round(double[] xs) {
        return Arrays.toString(Arrays.stream(xs).map(x -> Math.round(x * 10) / 10.0).toArray());
    }

    /** One SSE client that reads and discards, noting when it sees the round's marker. */
    private static final class Reader implements AutoCloseable {
        final CountDownLatch connected = new CountDownLatch(1);
        final CountDownLatch sawMarker = new CountDownLatch(1);
        volatile long bytes;
        private volatile HttpURLConnection conn;
        private final Thread thread;

        Reader(int port, String marker) {
            byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
            thread = new Thread(() -> {
                try {
                    conn = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/api/runs/bench/events?lastEventId=999999999")
                            .toURL().openConnection();
                    conn.setRequestProperty("Accept", "text/event-stream");
                    InputStream in = conn.getInputStream();
                    connected.countDown();
                    byte[] buf = new byte[1 << 16];
                    byte[] tail = new byte[0];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        bytes += n;
                        byte[] window = new byte[tail.length + n];
                        System.arraycopy(tail, 0, window, 0, tail.length);
                        System.arraycopy(buf, 0, window, tail.length, n);
                        if (indexOf(window, needle) >= 0) {
                            sawMarker.countDown();
                        }
                        tail = Arrays.copyOfRange(window, Math.max(0, window.length - needle.length), window.length);
                    }
                } catch (Exception e) {
                    // closed
                } finally {
                    connected.countDown();
                }
            }, "bench-reader");
            thread.setDaemon(true);
            thread.start();
        }

        private static int indexOf(byte[] hay, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= hay.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        @Override
        public void close() {
            if (conn != null) {
                conn.disconnect();
            }
            thread.interrupt();
        }
    }
}
