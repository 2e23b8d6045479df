package org.tasl.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Raw HTTP/1.1 over a socket, so request paths reach the server exactly as written (no client-side normalizing). */
final class Http {
    record Response(int status, String headers, String body) {}

    private Http() {}

    static Response get(int port, String rawPath, Map<String, String> headers) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder("GET " + rawPath + " HTTP/1.1\r\n");
            if (!headers.containsKey("Host")) {
                req.append("Host: 127.0.0.1:").append(port).append("\r\n");
            }
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            req.append("Connection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            String head = split < 0 ? all : all.substring(0, split);
            String body = split < 0 ? "" : all.substring(split + 4);
            int status = Integer.parseInt(head.split(" ", 3)[1]);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new Response(status, head, body);
        }
    }

    static Response get(int port, String rawPath) throws IOException {
        return get(port, rawPath, Map.of());
    }

    private static String unchunk(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            int n = Integer.parseInt(body.substring(i, eol).trim(), 16);
            if (n == 0) {
                break;
            }
            out.append(body, eol + 2, Math.min(body.length(), eol + 2 + n));
            i = eol + 2 + n + 2;
        }
        return out.toString();
    }
}
