package org.tasl.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The PyTorch side of a side-by-side benchmark: {@code native/bench/torch_reference.py serve}
 * in a child process that builds the same LoRA step once and then runs steps on request, so the
 * caller can alternate repetitions (tasl, torch, tasl, torch, …) on a machine whose load changes.
 * The child inherits this process's environment (OMP_WAIT_POLICY as the launcher set it).
 */
public final class TorchReference implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final Deque<String> tail = new ArrayDeque<>();
    private final String banner;

    /**
     * @param python the interpreter (one with torch)
     * @param script torch_reference.py
     * @param args what follows "serve": IMPL DEVICE BATCH SEQ [--threads N] [--weights F] [--precision P]
     */
    public TorchReference(String python, Path script, List<String> args) {
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException("PyTorch reference script not found: " + script);
        }
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "serve"));
        cmd.addAll(args);
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + python + " (set --python to an interpreter with torch)", e);
        }
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        banner = await("ready");
    }

    /** The child's "ready …" line: torch version, threads, implementation, precision. */
    public String banner() {
        return banner;
    }

    /** Runs n steps in the child; its wall seconds. */
    public double steps(int n) {
        send("steps " + n);
        return Double.parseDouble(await("seconds").split("\\s+")[1]);
    }

    /** CUDA's peak allocated bytes in the child since it started (0 on CPU). */
    public long peakBytes() {
        send("peak");
        return Long.parseLong(await("peak_bytes").split("\\s+")[1]);
    }

    private void send(String line) {
        try {
            in.write(line + "\n");
            in.flush();
        } catch (IOException e) {
            throw new IllegalStateException("PyTorch reference exited; last output:\n" + String.join("\n", tail), e);
        }
    }

    /** Reads lines until one starts with {@code prefix}; other lines (warnings, info) are kept for errors. */
    private String await(String prefix) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(prefix)) {
                    return line;
                }
                tail.addLast(line);
                if (tail.size() > 40) {
                    tail.removeFirst();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("PyTorch reference exited before '" + prefix + "'; last output:\n"
                + String.join("\n", tail));
    }

    @Override
    public void close() {
        try {
            send("quit");
        } catch (IllegalStateException ignored) {
            // already gone
        }
        process.destroy();
    }
}
