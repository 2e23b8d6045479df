package org.tasl.kernel;

import io.github.spencerpark.jupyter.messages.publish.PublishStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * stdout or stderr of the running cell, sent as IOPub {@code stream} messages while the cell runs.
 * Text is published at each line end and on flush (so a progress print shows at once); with no
 * cell running it goes to the kernel's own stream (the kernel log).
 */
final class IopubStream extends OutputStream {
    private final PublishStream.StreamType type;
    private final CellChannel channel;
    private final OutputStream fallback;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    IopubStream(PublishStream.StreamType type, CellChannel channel, OutputStream fallback) {
        this.type = type;
        this.channel = channel;
        this.fallback = fallback;
    }

    @Override
    public synchronized void write(int b) {
        pending.write(b);
        if (b == '\n') {
            flush();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        pending.write(b, off, len);
        for (int i = off + len - 1; i >= off; i--) {
            if (b[i] == '\n') {
                flush();
                return;
            }
        }
    }

    @Override
    public synchronized void flush() {
        if (pending.size() == 0) {
            return;
        }
        byte[] bytes = pending.toByteArray();
        // Never split a UTF-8 sequence across two messages: keep an incomplete tail for later.
        int end = completeUtf8Prefix(bytes);
        pending.reset();
        pending.write(bytes, end, bytes.length - end);
        if (end == 0) {
            return;
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        if (!channel.publish(new PublishStream(type, text))) {
            try {
                fallback.write(bytes, 0, end);
                fallback.flush();
            } catch (java.io.IOException ignored) {
                // the kernel's own stream is gone: nothing left to tell
            }
        }
    }

    static int completeUtf8Prefix(byte[] b) {
        int n = b.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int c = b[n - back] & 0xFF;
            if ((c & 0xC0) == 0x80) {
                continue; // continuation byte: look further back for the lead byte
            }
            int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
