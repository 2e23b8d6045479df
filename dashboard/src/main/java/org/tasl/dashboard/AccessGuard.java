package org.tasl.dashboard;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * Who may read. On a loopback address: anyone on this machine, provided the Host header names
 * the loopback (a web page on another site cannot rebind its own name to 127.0.0.1 and read runs).
 * On any other address: only requests carrying the token printed at start, as {@code ?token=}
 * or the {@code X-Tasl-Token} header.
 */
final class AccessGuard {
    static final String HEADER = "X-Tasl-Token";
    private final String token;

    private AccessGuard(String token) {
        this.token = token;
    }

    static AccessGuard loopback() {
        return new AccessGuard(null);
    }

    static AccessGuard withToken(String token) {
        return new AccessGuard(token);
    }

    static String randomToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    String token() {
        return token;
    }

    void check(Context ctx) {
        if (token == null) {
            if (!isLoopbackHost(ctx.header("Host"))) {
                throw new ApiError(403, "this dashboard answers only requests addressed to localhost");
            }
            return;
        }
        String given = ctx.header(HEADER);
        if (given == null) {
            given = ctx.queryParam("token");
        }
        if (given == null || given.isEmpty()) {
            throw new ApiError(401, "token required: pass the token printed at start as ?token=... or header " + HEADER);
        }
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(403, "wrong token");
        }
    }

    static boolean isLoopbackHost(String hostHeader) {
        if (hostHeader == null) {
            return true; // HTTP/1.0 clients on this machine
        }
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            h = end < 0 ? h : h.substring(1, end);
        } else if (h.indexOf(':') >= 0) {
            h = h.substring(0, h.indexOf(':'));
        }
        return h.equals("localhost") || h.equals("::1") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }
}
