package org.tasl.dashboard;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.tasl.event.EventBus;
import org.tasl.event.RunListener;
import org.tasl.util.Json;

/**
 * The dashboard sidecar: a read-only JSON API over a runs directory, Server-Sent Events for live
 * runs, and the page that draws them.
 *
 * <pre>
 *   GET /                                  the page
 *   GET /api/runs                          every run: id, method, backbone, status, ap, bwt, ...
 *   GET /api/runs/{id}                     config, results (when finished) and progress so far
 *   GET /api/runs/{id}/importance?task=K   per unit: unit, layer, module, kind, rank, score,
 *                                          cumulative, category, weight
 *   GET /api/runs/{id}/matrix              tasks, matrix (rows so far), ap and bwt after each row
 *   GET /api/runs/{id}/localization        ./tasl localize's curves (localization.json) and what they
 *                                          say at 20 %: task, backbone, zero_shot, trained, fractions,
 *                                          curves, spread, at
 *   GET /api/runs/{id}/events              SSE: what happened so far, then live (Last-Event-ID resumes)
 * </pre>
 *
 * Runs attached in this process are fed by their {@link EventBus}; other runs by following their
 * events.jsonl. Publishing never waits on a client (see {@link RunFeed}, {@link SseSubscriber}).
 */
public final class DashboardServer implements AutoCloseable {
    public static final String DEFAULT_HOST = "127.0.0.1";
    private static final List<String> ASSETS = List.of("app.js", "app.css");
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'";

    private final Path runsDir;
    private final String host;
    private final AccessGuard guard;
    private final Feeds feeds = new Feeds();
    private final RunViews views;
    private final ExecutorService writers;
    private final Javalin app;

    private DashboardServer(Path runsDir, String host, int port) {
        this.runsDir = runsDir.toAbsolutePath().normalize();
        this.host = host == null || host.isBlank() ? DEFAULT_HOST : host;
        this.guard = isLoopback(this.host) ? AccessGuard.loopback() : AccessGuard.withToken(AccessGuard.randomToken());
        this.views = new RunViews(this.runsDir, feeds);
        AtomicInteger n = new AtomicInteger();
        this.writers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "tasl-dashboard-sse-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.routes.before(this::guard);
            config.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
            config.routes.exception(UncheckedIOException.class, (e, ctx) -> error(ctx, 500, e.getMessage()));
            // a run file that breaks the contract (core's reader names the file and line)
            config.routes.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 500, e.getMessage()));
            config.routes.get("/", ctx -> page(ctx));
            config.routes.get("/assets/{name}", this::asset);
            config.routes.get("/api/runs", ctx -> json(ctx, views.list()));
            config.routes.get("/api/runs/{id}", ctx -> json(ctx, views.detail(ctx.pathParam("id"))));
            config.routes.get("/api/runs/{id}/matrix", ctx -> json(ctx, views.matrix(ctx.pathParam("id")).toJson()));
            config.routes.get("/api/runs/{id}/importance", this::importance);
            config.routes.get("/api/runs/{id}/localization", ctx -> json(ctx, views.localization(ctx.pathParam("id"))));
            config.routes.get("/api/runs/{id}/events", this::events);
        });
        app.start(this.host, port);
    }

    /** Starts a dashboard over {@code runsDir} on {@code host} ({@code null} = 127.0.0.1), port 0 = any free. */
    public static DashboardServer start(Path runsDir, String host, int port) {
        return new DashboardServer(runsDir, host, port);
    }

    /** The page's address, with the token when one is required. */
    public String url() {
        return base() + "/" + (guard.token() == null ? "" : "?token=" + guard.token());
    }

    /** The page opened on one run. */
    public String url(String runId) {
        RunIds.require(runId);
        String q = "?run=" + URLEncoder.encode(runId, StandardCharsets.UTF_8);
        return base() + "/" + q + (guard.token() == null ? "" : "&token=" + guard.token());
    }

    /** Whether a folder named {@code name} can be served as a run (its name is a valid run id). */
    public static boolean isRunId(String name) {
        return RunIds.isValid(name);
    }

    /** The token every request must carry, or null when bound to a loopback address. */
    public String token() {
        return guard.token();
    }

    public int port() {
        return app.port();
    }

    public Path runsDir() {
        return runsDir;
    }

    /**
     * Serves a run of this process live: its events come from {@code bus}; its files (config,
     * units, matrix) from {@code dir} as they appear. Attach before the run starts to replay it all.
     */
    public void attach(String runId, Path dir, EventBus bus) {
        feeds.attach(runId, dir, bus);
    }

    /** Like {@link #attach(String, Path, EventBus)} for callers that add listeners themselves. */
    public RunListener attach(String runId, Path dir) {
        return feeds.attach(runId, dir, null);
    }

    public void detach(String runId) {
        feeds.detach(runId);
    }

    @Override
    public void close() {
        feeds.close();
        app.stop();
        writers.shutdownNow();
    }

    private String base() {
        String h = host;
        if (h.equals("0.0.0.0") || h.equals("::") || h.equals("[::]")) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                h = "localhost";
            }
        }
        if (h.contains(":") && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return "http://" + h + ":" + app.port();
    }

    private void guard(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        if (ctx.path().startsWith("/assets/")) {
            return; // code and style only: no run data behind them
        }
        guard.check(ctx);
    }

    private void importance(Context ctx) {
        String id = ctx.pathParam("id");
        String t = ctx.queryParam("task");
        Integer task = null;
        if (t != null && !t.isBlank()) {
            try {
                task = Integer.valueOf(t.trim());
            } catch (NumberFormatException e) {
                throw new ApiError(400, "task must be a task index (0, 1, ...), got '" + t + "'");
            }
            if (task < 0) {
                throw new ApiError(400, "task must be a task index (0, 1, ...), got " + task);
            }
        }
        String[] source = new String[1];
        List<Map<String, Object>> units = views.importance(id, task, source);
        ctx.header("X-Tasl-Source", source[0]);
        json(ctx, units);
    }

    private void events(Context ctx) throws Exception {
        String id = RunIds.require(ctx.pathParam("id"));
        Path dir = views.dirOf(id); // 404 before the stream starts
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new ApiError(406, "this is a Server-Sent Events stream: send Accept: text/event-stream");
        }
        long lastId = lastEventId(ctx);
        new SseHandler(client -> {
            client.keepAlive();
            SseSubscriber[] self = new SseSubscriber[1];
            // set when Jetty has finished the request itself (the client went away): completing
            // Javalin's side then would touch a recycled response
            AtomicBoolean finishedByJetty = new AtomicBoolean();
            try {
                self[0] = new SseSubscriber(client.ctx().res().getOutputStream(), SseSubscriber.DEFAULT_CAPACITY, () -> {
                    feeds.unsubscribe(id, self[0]);
                    if (!finishedByJetty.get()) {
                        client.close();
                    }
                });
            } catch (IOException e) {
                client.close();
                return;
            }
            if (client.ctx().req().isAsyncStarted()) {
                client.ctx().req().getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        finishedByJetty.set(true);
                        self[0].close();
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                        finishedByJetty.set(true);
                        self[0].close();
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                        // no timeout is set on event streams
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                        // nothing to do
                    }
                });
            }
            client.onClose(self[0]::close);
            if (!feeds.subscribe(id, dir, self[0], lastId)) {
                client.close();
                return;
            }
            writers.execute(self[0]);
        }).handle(ctx);
    }

    private static long lastEventId(Context ctx) {
        String s = ctx.header("Last-Event-ID");
        if (s == null) {
            s = ctx.queryParam("lastEventId");
        }
        try {
            return s == null ? 0 : Math.max(0, Long.parseLong(s.trim()));
        } catch (NumberFormatException e) {
            throw new ApiError(400, "Last-Event-ID must be a number, got '" + s + "'");
        }
    }

    private void page(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(resource("index.html"));
    }

    private void asset(Context ctx) {
        String name = ctx.pathParam("name");
        if (!ASSETS.contains(name)) {
            throw new ApiError(404, "no asset '" + name + "'");
        }
        ctx.contentType(name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");
        ctx.result(resource(name));
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardServer.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new ApiError(500, "the page's " + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void json(Context ctx, Object body) {
        ctx.contentType("application/json");
        ctx.result(Json.compact(body).getBytes(StandardCharsets.UTF_8));
    }

    private void error(Context ctx, int status, String message) {
        ctx.status(status);
        ctx.contentType("application/json");
        // paths inside the runs directory are shown relative to it: the server's layout is not the client's business
        String shown = message == null ? "error" : message.replace(runsDir + java.io.File.separator, "");
        Map<String, Object> body = new LinkedHashMap<>(); // a fixed key order (Map.of's changes with each JVM)
        body.put("error", shown);
        body.put("status", status);
        ctx.result(Json.compact(body).getBytes(StandardCharsets.UTF_8));
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--host: cannot resolve '" + host + "'");
        }
    }
}
