package org.tasl.data.pull;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.data.Benchmark;
import org.tasl.data.BenchmarkLoader;
import org.tasl.data.Example;
import org.tasl.data.Task;
import org.tasl.util.Json;
import org.tasl.util.Sha256;

/** Pulls from a local HTTP server on 127.0.0.1 that mirrors the upstream layout. */
class DataPullerTest {
    @TempDir
    Path dataDir;

    HttpServer server;
    String base;
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    /** "path range" of every request, in order. */
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mirror/", ex -> {
            String path = ex.getRequestURI().getPath().substring("/mirror/".length());
            String range = ex.getRequestHeaders().getFirst("Range");
            requests.add(path + " " + range);
            byte[] body = files.get(path);
            if (body == null) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            int from = 0;
            int code = 200;
            if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
                from = Integer.parseInt(range.substring(6, range.length() - 1));
                code = 206;
                ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
            }
            ex.sendResponseHeaders(code, body.length - from);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body, from, body.length - from);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/mirror";

        put("CL_Benchmark/NLI/CB/labels.json", "[\"entailment\", \"contradiction\", \"neutral\"]");
        put("CL_Benchmark/NLI/CB/train.json", "[{\"label\": \"contradiction\", \"sentence\": \"sentence 1: It rains.\\n"
                + "sentence 2: It is dry.\"}, {\"label\": \"entailment\", \"sentence\": \"sentence 1: A cat sat.\\n"
                + "sentence 2: An animal sat.\"}, {\"label\": \"neutral\", \"sentence\": \"sentence 1: He ran.\\n"
                + "sentence 2: He was late.\"}]");
        put("CL_Benchmark/NLI/CB/test.json", "[{\"label\": \"entailment\", \"sentence\": \"sentence 1: Bo sings.\\n"
                + "sentence 2: Someone sings.\"}]");
        put("CL_Benchmark/TC/agnews/labels.json", "[\"World\", \"Sports\", \"Business\", \"Science or Technology\"]");
        put("CL_Benchmark/TC/agnews/train.json", "[{\"label\": \"Sports\", \"sentence\": \"Title: Win\\nText: A team won.\\n\"},"
                + "{\"label\": \"World\", \"sentence\": \"Title: Talks\\nText: Leaders met.\\n\"}]");
        put("CL_Benchmark/TC/agnews/dev.json", "[{\"label\": \"Sports\", \"sentence\": \"Title: Shares\\nText: Up.\\n\"}]");
        put("CL_Benchmark/SuperNI/task639_multi_woz_user_utterance_generation/train.json",
                "{\"Definition\": [\"Generate a query.\"], \"Instances\": [{\"id\": \"task639-a\", \"input\": \"Where to?\", "
                        + "\"output\": [\"To the station.\", \"Station.\"]}]}");
        put("CL_Benchmark/SuperNI/task639_multi_woz_user_utterance_generation/dev.json",
                "{\"Definition\": [\"Generate a query.\"], \"Instances\": [{\"id\": \"task639-b\", \"input\": \"When?\", "
                        + "\"output\": [\"At noon.\"]}]}");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void put(String path, String content) {
        files.put(path, content.getBytes(StandardCharsets.UTF_8));
    }

    private DataPuller puller() {
        return new DataPuller(dataDir, base, new Downloader(Duration.ofSeconds(5), Duration.ofSeconds(20), log::add),
                log::add);
    }

    @Test
    void fullDownloadConvertsToTheBenchmarkLayoutAndRecordsChecksums() {
        DataPuller.Result r = puller().pull("long-sequence", List.of("cb", "agnews"));
        assertEquals(List.of("agnews", "cb"), r.tasks());
        assertEquals(6, r.downloaded());

        Benchmark b = new BenchmarkLoader(dataDir).load("long-sequence", null, List.of("cb", "agnews"),
                BenchmarkLoader.Options.defaults());
        Task cb = b.task("cb");
        Example first = cb.train().get(0);
        assertEquals("CB_0", first.id());
        assertEquals("What is the logical relationship between the \"sentence 1\" and the \"sentence 2\"? Choose one "
                + "from the option. Option: entailment, contradiction, neutral.\nsentence 1: It rains.\nsentence 2: It "
                + "is dry.\nAnswer:", first.input());
        assertEquals("contradiction", first.output());
        assertEquals(1, cb.eval().size(), "dev comes from test.json when upstream has no dev.json");
        assertEquals("What is the topic of the following paragraph? Choose one from the option. Option: World, Sports, "
                + "Business, Science or Technology.\nTitle: Win\nText: A team won.\n\nAnswer:",
                b.task("agnews").train().get(0).input());

        Map<String, Object> manifest = Json.readObject(dataDir.resolve("long-sequence/pull-manifest.json"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> downloads = (Map<String, Map<String, Object>>) manifest.get("downloads");
        assertEquals(Sha256.of(files.get("CL_Benchmark/NLI/CB/train.json")),
                downloads.get("CL_Benchmark/NLI/CB/train.json").get("sha256"));
        @SuppressWarnings("unchecked")
        Map<String, String> outputs = (Map<String, String>) manifest.get("outputs");
        assertEquals(Sha256.of(dataDir.resolve("long-sequence/train/cb.json.gz")),
                outputs.get("long-sequence/train/cb.json.gz"));
    }

    @Test
    void aRerunVerifiesTheLocalCopiesWithoutDownloading() {
        puller().pull("long-sequence", List.of("cb"));
        int before = requests.size();
        DataPuller.Result again = puller().pull("long-sequence", List.of("cb"));
        assertEquals(0, again.downloaded());
        // train, labels and test are verified; dev.json is asked for again (it is absent upstream)
        assertEquals(3, again.verified());
        assertEquals(List.of("CL_Benchmark/NLI/CB/dev.json null"), requests.subList(before, requests.size()));
    }

    @Test
    void aPartialFileIsResumedWithARangeRequest() throws IOException {
        byte[] full = files.get("CL_Benchmark/NLI/CB/train.json");
        Path part = dataDir.resolve(".downloads/CL_Benchmark/NLI/CB/train.json.part");
        Files.createDirectories(part.getParent());
        Files.write(part, java.util.Arrays.copyOf(full, full.length / 2));

        puller().pull("long-sequence", List.of("cb"));

        assertTrue(requests.contains("CL_Benchmark/NLI/CB/train.json bytes=" + (full.length / 2) + "-"), requests.toString());
        assertArrayEquals(full, Files.readAllBytes(dataDir.resolve(".downloads/CL_Benchmark/NLI/CB/train.json")));
        assertTrue(!Files.exists(part));
        assertEquals(3, new BenchmarkLoader(dataDir).load("long-sequence", null, List.of("cb"),
                BenchmarkLoader.Options.defaults()).task("cb").train().size());
    }

    @Test
    void aChangedUpstreamFileIsAChecksumMismatchAndKeepsTheConvertedData() throws IOException {
        puller().pull("long-sequence", List.of("agnews"));
        Path converted = dataDir.resolve("long-sequence/train/agnews.json.gz");
        byte[] before = Files.readAllBytes(converted);

        put("CL_Benchmark/TC/agnews/train.json", "[{\"label\": \"World\", \"sentence\": \"tampered\"}]");
        Files.delete(dataDir.resolve(".downloads/CL_Benchmark/TC/agnews/train.json"));

        var e = assertThrows(DataPullException.class, () -> puller().pull("long-sequence", List.of("agnews")));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("CL_Benchmark/TC/agnews/train.json"), e.getMessage());
        assertTrue(e.getMessage().contains(Sha256.of(files.get("CL_Benchmark/TC/agnews/train.json"))), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(converted));
    }

    @Test
    void aCorruptLocalCopyIsDownloadedAgain() throws IOException {
        puller().pull("long-sequence", List.of("agnews"));
        Files.writeString(dataDir.resolve(".downloads/CL_Benchmark/TC/agnews/train.json"), "[garbage");
        DataPuller.Result r = puller().pull("long-sequence", List.of("agnews"));
        assertEquals(1, r.downloaded());
        assertArrayEquals(files.get("CL_Benchmark/TC/agnews/train.json"),
                Files.readAllBytes(dataDir.resolve(".downloads/CL_Benchmark/TC/agnews/train.json")));
    }

    @Test
    void anUnreachableServerIsAClearError() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        DataPuller p = new DataPuller(dataDir, "http://127.0.0.1:" + port + "/mirror",
                new Downloader(Duration.ofSeconds(2), Duration.ofSeconds(5), log::add), log::add);
        var e = assertThrows(DataPullException.class, () -> p.pull("long-sequence", List.of("cb")));
        assertTrue(e.getMessage().contains("cannot reach 127.0.0.1:" + port), e.getMessage());
        assertTrue(e.getMessage().contains("offline"), e.getMessage());
        assertTrue(!Files.exists(dataDir.resolve("long-sequence/train/cb.json.gz")));
    }

    @Test
    void superNiTasksBecomeInstructionPrompts() {
        puller().pull("superni", List.of("task639"));
        Task t = new BenchmarkLoader(dataDir).load("superni", null, List.of("task639"),
                BenchmarkLoader.Options.defaults()).task("task639");
        Example e = t.train().get(0);
        assertEquals("task639-a", e.id());
        assertEquals("[INS] Generate a query.\n [IN] Where to?\n [OUT] ", e.input());
        assertEquals("To the station.", e.output());
    }

    @Test
    void unknownBenchmarkOrTaskIsAnError() {
        var e = assertThrows(IllegalArgumentException.class, () -> puller().pull("glue", null));
        assertTrue(e.getMessage().contains("long-sequence, superni, all"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> puller().pull("long-sequence", List.of("cola")));
        assertTrue(e2.getMessage().contains("unknown task 'cola'"), e2.getMessage());
    }
}
