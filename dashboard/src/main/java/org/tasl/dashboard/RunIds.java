package org.tasl.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Run ids are folder names directly under the runs directory, nothing else: no separators, no
 * dot-dot, no absolute paths, no links leading out of the runs directory.
 */
final class RunIds {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._+-]{0,127}");

    private RunIds() {}

    static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches() && !id.contains("..");
    }

    /** Throws 400 unless {@code id} is a valid run id. */
    static String require(String id) {
        if (!isValid(id)) {
            throw new ApiError(400, "invalid run id: expected letters, digits, '.', '_', '+' or '-' "
                    + "(no '/', no '..', at most 128 characters)");
        }
        return id;
    }

    /** The run's folder inside {@code runsDir}, or null when there is none (or it leads outside). */
    static Path resolve(Path runsDir, String id) {
        require(id);
        Path dir = runsDir.resolve(id).normalize();
        if (!dir.getParent().equals(runsDir.normalize()) || !Files.isDirectory(dir)) {
            return null;
        }
        try {
            Path real = dir.toRealPath();
            Path realRoot = runsDir.toRealPath();
            if (!real.startsWith(realRoot) || !Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        return dir;
    }
}
