package org.tasl.data.pull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.tasl.util.AtomicFiles;
import org.tasl.util.Json;
import org.tasl.util.Sha256;

/**
 * {@code ./tasl data pull}: downloads a benchmark's upstream files into
 * {@code <data dir>/.downloads/} (resumable), verifies them against the manifest of an earlier
 * pull, and converts them into {@code <data dir>/<benchmark>/{train,dev}/<task>.json.gz}.
 */
public final class DataPuller {
    public static final String DOWNLOADS = ".downloads";

    /** What one pull did. */
    public record Result(String benchmark, List<String> tasks, int downloaded, int verified, Path manifest) {}

    private final Path dataDir;
    private final String urlBase;
    private final Downloader downloader;
    private final Consumer<String> log;

    /** @param urlBase a mirror of the upstream trees (null: the public upstream repositories) */
    public DataPuller(Path dataDir, String urlBase, Downloader downloader, Consumer<String> log) {
        this.dataDir = dataDir;
        this.urlBase = urlBase == null || urlBase.isBlank() ? null : (urlBase.endsWith("/") ? urlBase : urlBase + "/");
        this.downloader = downloader;
        this.log = log;
    }

    public DataPuller(Path dataDir, String urlBase, Consumer<String> log) {
        this(dataDir, urlBase, new Downloader(log), log);
    }

    /** "long-sequence", "superni" or "all". */
    public List<Result> pullAll(String benchmark, List<String> onlyTasks) {
        List<String> names = benchmark == null || benchmark.equals("all") ? UpstreamSource.benchmarks()
                : List.of(benchmark);
        List<Result> out = new ArrayList<>();
        for (String b : names) {
            out.add(pull(b, onlyTasks));
        }
        return out;
    }

    public Result pull(String benchmark, List<String> onlyTasks) {
        List<UpstreamSource.Task> tasks = UpstreamSource.tasks(benchmark);
        if (onlyTasks != null && !onlyTasks.isEmpty()) {
            List<String> known = tasks.stream().map(UpstreamSource.Task::name).toList();
            for (String t : onlyTasks) {
                if (!known.contains(t)) {
                    throw new IllegalArgumentException("unknown task '" + t + "' in benchmark '" + benchmark
                            + "'; known tasks: " + known);
                }
            }
            tasks = tasks.stream().filter(t -> onlyTasks.contains(t.name())).toList();
        }
        PullManifest manifest = PullManifest.load(dataDir.resolve(benchmark).resolve(PullManifest.FILE));
        int[] counts = new int[2];
        List<String> done = new ArrayList<>();
        String base = urlBase != null ? urlBase : UpstreamSource.defaultBase(benchmark);
        log.accept("pulling " + benchmark + " (" + tasks.size() + " tasks) from " + base + " into " + dataDir);
        for (UpstreamSource.Task t : tasks) {
            log.accept(benchmark + "/" + t.name());
            Object train = readJson((fetch(base, t.folder() + "/train.json", manifest, counts)),
                    t.folder() + "/train.json");
            String devPath = t.folder() + "/dev.json";
            Path devFile;
            try {
                devFile = fetch(base, devPath, manifest, counts);
            } catch (UpstreamNotFoundException e) {
                devPath = t.folder() + "/test.json";
                log.accept("  no dev.json upstream: using test.json as the dev split");
                devFile = fetch(base, devPath, manifest, counts);
            }
            Object dev = readJson((devFile), devPath);
            List<Map<String, Object>> trainRows;
            List<Map<String, Object>> devRows;
            if (benchmark.equals("superni")) {
                trainRows = UpstreamConverter.superNi(train, "train", t.folder() + "/train.json");
                devRows = UpstreamConverter.superNi(dev, "dev", devPath);
            } else {
                Object labelsJson = null;
                try {
                    labelsJson = readJson((fetch(base, t.folder() + "/labels.json", manifest, counts)),
                            t.folder() + "/labels.json");
                } catch (UpstreamNotFoundException e) {
                    log.accept("  no labels.json upstream: options are the train labels in order of appearance");
                }
                List<String> labels = UpstreamConverter.labels(labelsJson, train, t.folder());
                trainRows = UpstreamConverter.longSequence(t, labels, train, "train", t.folder() + "/train.json");
                devRows = UpstreamConverter.longSequence(t, labels, dev, "dev", devPath);
            }
            write(benchmark, "train", t.name(), trainRows, manifest);
            write(benchmark, "dev", t.name(), devRows, manifest);
            manifest.save();
            done.add(t.name());
        }
        manifest.save();
        log.accept(benchmark + ": " + done.size() + " tasks ready (" + counts[0] + " files downloaded, " + counts[1]
                + " verified from an earlier pull); checksums in " + manifest.file());
        return new Result(benchmark, done, counts[0], counts[1], manifest.file());
    }

    /** The local copy of an upstream file: verified if already there, else downloaded (resuming). */
    private Path fetch(String base, String path, PullManifest manifest, int[] counts) {
        Path local = dataDir.resolve(DOWNLOADS).resolve(path);
        String expected = manifest.downloadSha(path);
        if (expected != null && Files.isRegularFile(local)) {
            String actual = Sha256.of(local);
            if (actual.equals(expected)) {
                counts[1]++;
                return local;
            }
            log.accept("  " + path + ": local copy does not match its recorded sha256; downloading again");
            try {
                Files.delete(local);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        URI uri = URI.create(base + path);
        downloader.fetch(uri, local);
        String actual = Sha256.of(local);
        if (expected != null && !actual.equals(expected)) {
            try {
                Files.delete(local);
            } catch (IOException ignored) {
                // reported below either way
            }
            throw new DataPullException("checksum mismatch for " + uri + ": sha256 " + actual + ", but the first pull "
                    + "recorded " + expected + " in " + manifest.file() + ". The upstream file changed or the download "
                    + "is corrupt; nothing was converted. Run again to retry, or delete the manifest to accept the new "
                    + "file.");
        }
        try {
            manifest.recordDownload(path, uri.toString(), actual, Files.size(local));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        counts[0]++;
        return local;
    }

    private void write(String benchmark, String split, String task, List<Map<String, Object>> rows,
                       PullManifest manifest) {
        Path out = dataDir.resolve(benchmark).resolve(split).resolve(task + ".json.gz");
        byte[] json = Json.compact(rows).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(out, o -> {
            GZIPOutputStream gz = new GZIPOutputStream(o);
            gz.write(json);
            gz.finish();
        });
        manifest.recordOutput(benchmark + "/" + split + "/" + task + ".json.gz", Sha256.of(out));
        log.accept("  " + split + ": " + rows.size() + " rows -> " + out);
    }

    private static Object readJson(Path p, String source) {
        try (InputStream in = Files.newInputStream(p)) {
            return Json.read(in, source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new DataPullException("upstream file " + e.getMessage(), e);
        }
    }
}
