package org.tasl.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/** Parses the {@code --device cpu|gpu|auto} option every model-running command shares. */
public final class Devices {
    private Devices() {}

    /**
     * "cpu" → CPU; "gpu" → the first GPU (an error when DJL sees none); "auto" (or null/blank) →
     * the first GPU when DJL sees one, else CPU.
     */
    public static Device parse(String option) {
        String value = option == null || option.isBlank() ? "auto" : option.trim().toLowerCase(Locale.ROOT);
        switch (value) {
            case "cpu":
                return Device.cpu();
            case "gpu":
            case "cuda":
                if (gpuCount() == 0) {
                    throw new IllegalArgumentException(
                            "--device gpu: the DJL engine sees no GPU on this machine (use --device cpu or auto)");
                }
                return Device.gpu();
            case "auto":
                return gpuCount() > 0 ? Device.gpu() : Device.cpu();
            default:
                throw new IllegalArgumentException(
                        "--device: expected cpu, gpu or auto, got '" + option + "'");
        }
    }

    private static int gpuCount() {
        return Engine.getInstance().getGpuCount();
    }
}
