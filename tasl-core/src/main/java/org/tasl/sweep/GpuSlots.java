package org.tasl.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GPUs the local executor spreads cells over, each process pinned to one with
 * {@code CUDA_VISIBLE_DEVICES} (so inside it the GPU is {@code gpu(0)}).
 */
final class GpuSlots {
    private static final Pattern GPU_LINE = Pattern.compile("^GPU (\\d+):", Pattern.MULTILINE);

    private GpuSlots() {}

    /**
     * The GPU ids to use: the ones given ({@code none} = no GPUs), else those in an inherited
     * {@code CUDA_VISIBLE_DEVICES}, else every GPU {@code nvidia-smi -L} lists, else none.
     */
    static List<String> resolve(List<String> given, String cudaVisibleDevices) {
        if (given.size() == 1 && given.get(0).equalsIgnoreCase("none")) {
            return List.of();
        }
        if (!given.isEmpty()) {
            return List.copyOf(given);
        }
        if (cudaVisibleDevices != null && !cudaVisibleDevices.isBlank()) {
            List<String> ids = new ArrayList<>();
            for (String s : cudaVisibleDevices.split(",")) {
                if (!s.isBlank() && !s.trim().equals("-1")) {
                    ids.add(s.trim());
                }
            }
            return ids;
        }
        return parseNvidiaSmi(nvidiaSmiList());
    }

    /** The ids of the "GPU n: ..." lines of {@code nvidia-smi -L}. */
    static List<String> parseNvidiaSmi(String output) {
        List<String> ids = new ArrayList<>();
        Matcher m = GPU_LINE.matcher(output);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String nvidiaSmiList() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "-L").redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return "";
            }
            return out;
        } catch (IOException e) {
            return ""; // no nvidia-smi: a machine without NVIDIA GPUs
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
