package org.tasl.data.pull;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Downloads one file to a target path, resumably: bytes arrive in {@code <target>.part}; a later
 * call that finds a partial file asks the server for the rest ({@code Range: bytes=N-}) and
 * appends when it answers 206 (a server that ignores Range sends the whole file, which then
 * replaces the part). The finished file is renamed into place.
 */
public final class Downloader {
    private final HttpClient client;
    private final Duration timeout;
    private final Consumer<String> log;

    public Downloader(Consumer<String> log) {
        this(Duration.ofSeconds(15), Duration.ofMinutes(5), log);
    }

    public Downloader(Duration connectTimeout, Duration requestTimeout, Consumer<String> log) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.timeout = requestTimeout;
        this.log = log;
    }

    /** Path of the partial download of {@code target}. */
    public static Path partOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    /** Downloads {@code uri} to {@code target} (replacing it), resuming a partial download. */
    public void fetch(URI uri, Path target) {
        Path part = partOf(target);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            long have = Files.exists(part) ? Files.size(part) : 0;
            HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout).GET();
            if (have > 0) {
                rb.header("Range", "bytes=" + have + "-");
            }
            HttpResponse<InputStream> resp = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
            int code = resp.statusCode();
            try (InputStream body = resp.body()) {
                if (code == 404) {
                    throw new UpstreamNotFoundException(uri + ": not found (HTTP 404)");
                }
                if (code == 416 && have > 0) {
                    // the part already holds every byte the server has
                    log.accept("  " + target.getFileName() + ": partial file already complete");
                } else if (code == 206 && have > 0) {
                    log.accept("  " + target.getFileName() + ": resuming after " + have + " bytes");
                    copy(body, part, true);
                } else if (code == 200) {
                    copy(body, part, false);
                } else {
                    throw new DataPullException(uri + ": the server answered HTTP " + code);
                }
            }
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (ConnectException | UnknownHostException | HttpConnectTimeoutException e) {
            throw unreachable(uri, e);
        } catch (HttpTimeoutException e) {
            throw new DataPullException(uri + ": timed out; run the command again to resume ("
                    + partOf(target) + " is kept)", e);
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException || e.getCause() instanceof UnknownHostException) {
                throw unreachable(uri, e);
            }
            throw new DataPullException(uri + ": download failed (" + e + "); run the command again to resume", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataPullException(uri + ": interrupted; run the command again to resume", e);
        }
    }

    private static DataPullException unreachable(URI uri, Exception e) {
        String host = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        return new DataPullException("cannot reach " + host + " to download " + uri + " (offline? " + e
                + "). Connect to the internet, or pass --url-base to a mirror, or copy the benchmark folders "
                + "(<benchmark>/train|dev/<task>.json.gz) into the data directory by hand.", e);
    }

    private static void copy(InputStream in, Path part, boolean append) throws IOException {
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            in.transferTo(out);
        }
    }
}
