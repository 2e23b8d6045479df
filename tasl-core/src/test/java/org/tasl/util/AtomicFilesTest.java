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
    void aWriterThatOpensTheFileItselfGetsAFreshTempPathBesideTheTarget() throws IOException {
        Path f = tmp.resolve("theta.safetensors");
        AtomicFiles.writeString(f, "old");
        List<Path> seen = new java.util.ArrayList<>();
        AtomicFiles.writeVia(f, p -> {
            seen.add(p);
            try {
                Files.writeString(p, "new", java.nio.file.StandardOpenOption.CREATE_NEW); // must not exist yet
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertEquals("new", Files.readString(f));
        assertEquals(tmp.toAbsolutePath(), seen.get(0).getParent(), "same folder: the rename stays atomic");
        try (var s = Files.list(tmp)) {
            assertEquals(List.of("theta.safetensors"), s.map(p -> p.getFileName().toString()).toList());
        }
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.writeVia(f, p -> {
            try {
                Files.writeString(p, "half");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new UncheckedIOException(new IOException("disk full"));
        }));
        assertEquals("new", Files.readString(f), "a failed writer leaves the previous file");
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "and removes its temp file");
        }
    }

    @Test
    void aFolderIsSyncedThenMovedIntoPlaceAndATreeDeleted() throws IOException {
        Path fresh = Files.createDirectories(tmp.resolve(".fresh/sub"));
        Files.writeString(fresh.resolve("a.txt"), "a");
        AtomicFiles.syncTree(tmp.resolve(".fresh"));
        AtomicFiles.move(tmp.resolve(".fresh"), tmp.resolve("cache"));
        assertEquals("a", Files.readString(tmp.resolve("cache/sub/a.txt")));
        AtomicFiles.deleteTree(tmp.resolve("cache"));
        AtomicFiles.deleteTree(tmp.resolve("cache")); // a missing tree is no error
        try (var s = Files.list(tmp)) {
            assertEquals(0, s.count());
        }
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
