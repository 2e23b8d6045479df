package org.tasl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.dashboard.DashboardServer;
import picocli.CommandLine;

class DashboardCommandTest {
    @TempDir
    Path runs;

    @Test
    void printsTheUrlOfAServerOverTheRunsDirectory() throws Exception {
        Files.createDirectories(runs.resolve("r1"));
        Files.writeString(runs.resolve("r1/config.json"), "{\"method\":\"tasl\",\"tasks\":[\"a\",\"b\"]}");
        DashboardCommand cmd = new DashboardCommand();
        new CommandLine(cmd).parseArgs("--runs", runs.toString(), "--port", "0");
        StringWriter text = new StringWriter();
        try (DashboardServer server = cmd.serve(new PrintWriter(text))) {
            assertTrue(text.toString().startsWith("TaSL dashboard: http://127.0.0.1:" + server.port() + "/"), text.toString());
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.url() + "api/runs")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("\"id\":\"r1\""), r.body());
        }
    }

    @Test
    void aSweepDirectoryServesItsCellsRuns() throws Exception {
        Path sweep = runs.resolve("sweep");
        CliRun made = CliRun.execute("sweep", "--methods", "tasl,seqlora", "--executor", "print", "--out", sweep.toString());
        assertEquals(0, made.code(), made.err());
        Files.createDirectories(sweep.resolve("runs/tasl"));
        Files.writeString(sweep.resolve("runs/tasl/config.json"), "{\"method\":\"tasl\",\"tasks\":[\"a\"]}");
        DashboardCommand cmd = new DashboardCommand();
        new CommandLine(cmd).parseArgs("--runs", sweep.toString(), "--port", "0");
        try (DashboardServer server = cmd.serve(new PrintWriter(new StringWriter()))) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.url() + "api/runs")).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(r.body().contains("\"id\":\"tasl\""), r.body());
        }
    }

    @Test
    void aRunDirectoryOpensThePageOnThatRun() throws Exception {
        Path loc = Files.createDirectories(runs.resolve("localize-agnews"));
        Files.writeString(loc.resolve("config.json"), "{\"method\":\"seqlora\",\"tasks\":[\"agnews\"]}");
        DashboardCommand cmd = new DashboardCommand();
        new CommandLine(cmd).parseArgs("--runs", loc.toString(), "--port", "0");
        StringWriter text = new StringWriter();
        try (DashboardServer server = cmd.serve(new PrintWriter(text))) {
            assertTrue(text.toString().startsWith("TaSL dashboard: " + server.url("localize-agnews")), text.toString());
            assertEquals(runs.toAbsolutePath().normalize(), server.runsDir());
        }
    }

    @Test
    void anotherHostPrintsTheToken() throws Exception {
        DashboardCommand cmd = new DashboardCommand();
        new CommandLine(cmd).parseArgs("--runs", runs.toString(), "--port", "0", "--host", "0.0.0.0");
        StringWriter text = new StringWriter();
        try (DashboardServer server = cmd.serve(new PrintWriter(text))) {
            assertNotNull(server.token());
            assertTrue(text.toString().contains("?token=" + server.token()), text.toString());
        }
    }

    @Test
    void missingRunsDirectoryIsAClearError() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("dashboard", "--runs", runs.resolve("nope").toString(), "--port", "0");
        assertEquals(2, code);
        assertTrue(err.toString().contains("--runs: '" + runs.resolve("nope") + "' is not a directory"), err.toString());
    }
}
