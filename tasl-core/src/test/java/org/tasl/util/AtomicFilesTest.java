package org.tasl.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path tmp;

    @Test
    void replacesTheContentAndLeavesNoTempFile() throws IOException {
        Path f = tmp.resolve("a.json");
        AtomicFiles.writeString(f, "one");
        AtomicFiles.writeString(f, "two");
        assertEquals("two", Files.readString(f));
        try (var s = Files.list(tmp)) {
            assertEquals(List.of("a.json"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aFailedWriteLeavesThePreviousFileIntact() throws IOException {
        Path f = tmp.resolve("results.json");
        AtomicFiles.writeString(f, "{\"ap\": 50}");
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("{\"ap\": 6".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("{\"ap\": 50}", Files.readString(f));
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "the temp file is removed");
        }
    }

    @Test
    void aWriterThatThrowsAnUncheckedExceptionAlsoLeavesTheFileIntact() throws IOException {
        Path f = tmp.resolve("config.json");
        AtomicFiles.writeString(f, "old");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, out -> {
            out.write("new-but-half".getBytes());
            throw new IllegalStateException("serializer bug");
        }));
        assertEquals("old", Files.readString(f));
    }

    @Test
    void jsonSanitizeTurnsNonFiniteNumbersIntoNull() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("a", Double.NaN);
        m.put("b", new double[] {1, Double.POSITIVE_INFINITY});
        assertEquals("{\"a\":null,\"b\":[1.0,null]}", Json.compact(m));
    }

    @Test
    void sha256OfKnownBytes() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.of("abc".getBytes()));
    }

    @Test
    void csvQuotesWhatNeedsQuotingAndParsesItBack() {
        String line = Csv.line(List.of("a", "b,c", "say \"hi\"", ""));
        assertEquals("a,\"b,c\",\"say \"\"hi\"\"\",\n", line);
        assertEquals(List.of(List.of("a", "b,c", "say \"hi\"", "")), Csv.parse(line, "t"));
        assertThrows(IllegalArgumentException.class, () -> Csv.parse("a,\"open", "t"));
    }
}
