package org.tasl.util;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tasl.tensor.HostTensor;
import org.tasl.weights.SafeTensors;

/**
 * The child process of {@link AtomicWritesSurviveKillTest}: rewrites the two files a
 * consolidation writes (a units.csv through util.AtomicFiles, a theta_hat.safetensors through
 * the safetensors writer and weights.AtomicFiles) in an endless loop, version after version,
 * and prints "wrote N" after each pair, until it is killed.
 */
public final class AtomicWriteLoop {
    static final int LINES = 4000;
    static final int FLOATS = 1 << 18;

    private AtomicWriteLoop() {}

    /** units.csv of version {@code v}: a header, {@link #LINES} rows naming v, and an end marker. */
    static String units(long v) {
        StringBuilder sb = new StringBuilder("unit,version\n");
        for (int i = 0; i < LINES; i++) {
            sb.append("u").append(i).append(',').append(v).append('\n');
        }
        return sb.append("end,").append(v).append('\n').toString();
    }

    public static void main(String[] args) {
        Path dir = Paths.get(args[0]);
        float[] values = new float[FLOATS];
        for (long v = Long.parseLong(args[1]); ; v++) {
            AtomicFiles.writeString(dir.resolve("units.csv"), units(v));
            Arrays.fill(values, v);
            SafeTensors.write(dir.resolve("theta_hat.safetensors"), Map.of("w", HostTensor.fromFloats(values, FLOATS)));
            System.out.println("wrote " + v);
            System.out.flush();
        }
    }

    /** The version a units.csv holds; fails on an empty, partial or mixed file. */
    static long unitsVersion(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (lines.size() != LINES + 3 || !lines.get(0).equals("unit,version") || !lines.get(LINES + 2).isEmpty()) {
            throw new AssertionError("units.csv is not a whole file: " + lines.size() + " lines, " + text.length() + " chars");
        }
        long v = Long.parseLong(lines.get(LINES + 1).substring("end,".length()));
        if (!text.equals(units(v))) {
            throw new AssertionError("units.csv mixes versions (ends with " + v + ")");
        }
        return v;
    }
}
