package org.tasl.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.tasl.dashboard.DashboardServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** ./tasl dashboard --runs DIR [--port N] [--host H]: serves the live dashboard until Ctrl-C. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serves the live dashboard over a runs directory: skill maps, consolidation, accuracy matrix, "
                + "loss, AP/BWT; runs still training (in another process) update live from their events.jsonl.",
            "Read-only. On 127.0.0.1 (the default) no token is needed; on any other --host a random token is "
                + "printed and every request must carry it (the printed URL does)."})
public final class DashboardCommand implements Callable<Integer> {

    @Option(names = "--runs", required = true, paramLabel = "DIR", description = "folder whose subfolders are run "
            + "directories, a sweep directory (./tasl sweep: its cells' runs), or one run directory (e.g. a ./tasl "
            + "localize run: the page opens on it, with its localization curves)")
    Path runs;

    @Option(names = "--port", defaultValue = "7070", paramLabel = "N", description = "port (0 = any free one; default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = DashboardServer.DEFAULT_HOST, paramLabel = "H",
            description = "address to bind (default ${DEFAULT-VALUE}); any non-loopback address requires the token")
    String host;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        DashboardServer server = serve(spec.commandLine().getOut());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "tasl-dashboard-stop"));
        stopped.await();
        return 0;
    }

    /** Starts the server and prints where it is; the caller owns it. */
    DashboardServer serve(PrintWriter out) {
        if (!Files.isDirectory(runs)) {
            throw new ParameterException(spec.commandLine(), "--runs: '" + runs + "' is not a directory");
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port: " + port + " is not a port (0..65535; 0 = any free one)");
        }
        // a sweep directory keeps its cells' run directories in runs/: serve those
        Path dir = org.tasl.sweep.SweepDirectory.isSweep(runs) ? runs.resolve(org.tasl.sweep.SweepDirectory.RUNS) : runs;
        // one run directory (./tasl localize's, a demo method's): serve its parent, open the page on it
        String openOn = null;
        Path abs = dir.toAbsolutePath().normalize();
        if (org.tasl.run.RunSnapshot.isRun(abs) && abs.getParent() != null
                && DashboardServer.isRunId(abs.getFileName().toString())) {
            openOn = abs.getFileName().toString();
            dir = abs.getParent();
        }
        DashboardServer server = DashboardServer.start(dir, host, port);
        out.println("TaSL dashboard: " + (openOn == null ? server.url() : server.url(openOn)));
        if (server.token() != null) {
            out.println("  bound to " + host + ": requests need the token " + server.token()
                    + " (?token=... or header X-Tasl-Token); the URL above carries it");
        }
        out.println("  runs from " + server.runsDir() + "; Ctrl-C to stop");
        out.flush();
        return server;
    }
}
