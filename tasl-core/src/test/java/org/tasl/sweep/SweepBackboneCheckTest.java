package org.tasl.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.testing.FolderListing;
import org.tasl.testing.TinyBertFolder;
import org.tasl.weights.BackboneCatalog;

/**
 * ./tasl sweep checks every backbone of its grid before it writes anything: a known backbone or a
 * model folder on this machine, else an error where the cells would run here (local, threads) and
 * only a warning where a scheduler runs them (slurm, print).
 */
class SweepBackboneCheckTest {
    private static final CellLauncher MAIN = new CellLauncher(List.of("run.sh", "org.tasl.run.RunMain"), CellLauncher.Style.MAIN);
    private static final String KNOWN = "known backbones: " + String.join(", ", BackboneCatalog.names()) + " (./tasl models)";

    @TempDir
    Path tmp;

    private static String sweep(List<String> args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        assertEquals(0, SweepMain.execute(args, MAIN, new PrintStream(b, true, StandardCharsets.UTF_8)));
        return b.toString(StandardCharsets.UTF_8);
    }

    /** The sweep refused, and nothing under {@code tmp} written: its message. */
    private String refused(List<String> args) {
        List<String> before = FolderListing.of(tmp);
        String message = assertThrows(IllegalArgumentException.class,
                () -> SweepMain.execute(args, MAIN, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
                .getMessage();
        assertEquals(before, FolderListing.of(tmp), "nothing written");
        return message;
    }

    /** What a sweep whose cells run here says about backbones it cannot find. */
    private static String refusal(String problems) {
        return problems + "; " + KNOWN + ". Nothing was written; a backbone that exists only on a cluster's nodes needs"
                + " --executor slurm (which only warns)";
    }

    @Test
    void aMisspeltBackboneFailsALocalSweepBeforeAnythingIsWritten() {
        Path out = tmp.resolve("sw");
        assertEquals(refusal("backbone 'bert-bsae-uncased' (fixed option backbone) is neither a known backbone nor a"
                + " folder on this machine"), refused(List.of("out=" + out, "methods=tasl,seqlora", "backbone=bert-bsae-uncased")));
        assertFalse(Files.exists(out));
    }

    @Test
    void everyValueOfABackboneAxisIsChecked() throws IOException {
        Path tiny = TinyBertFolder.write(tmp.resolve("tiny"));
        Path notAModel = Files.createDirectories(tmp.resolve("models"));
        String e = refused(List.of("out=" + tmp.resolve("sw"), "methods=tasl", "executor=threads",
                "set=backbone=all-minilm-l6-v2," + tiny + ",/no/such/model," + notAModel + ",BERT-BASE-UNCASED"));
        assertEquals(refusal("backbone '/no/such/model' (grid axis backbone) is neither a known backbone nor a folder"
                + " on this machine; backbone '" + notAModel + "' (grid axis backbone) is a folder without config.json,"
                + " not a Hugging Face model folder"), e);
    }

    @Test
    void knownNamesAndModelFoldersPass() throws IOException {
        Path tiny = TinyBertFolder.write(tmp.resolve("tiny"));
        Map<String, List<String>> axes = new LinkedHashMap<>();
        axes.put("backbone", List.of("bert-base-uncased", "All-MiniLM-L6-v2", tiny.toString()));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (SweepOptions.Executor ex : SweepOptions.Executor.values()) {
            BackboneCheck.check(SweepGrid.of(axes, Map.of()), ex, new PrintStream(b, true, StandardCharsets.UTF_8));
        }
        assertEquals("", b.toString(StandardCharsets.UTF_8), "no warning");
    }

    @Test
    void aSlurmSweepOnlyWarnsSinceTheBackboneMayExistOnlyOnTheNodes() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        SweepGrid grid = SweepGrid.of(Map.of("method", List.of("tasl")), Map.of("backbone", "/cluster/models/bert"));
        BackboneCheck.check(grid, SweepOptions.Executor.SLURM, new PrintStream(b, true, StandardCharsets.UTF_8));
        assertEquals("warning: backbone '/cluster/models/bert' (fixed option backbone) is neither a known backbone nor"
                + " a folder on this machine; " + KNOWN + "; the slurm executor's cells must find it where they run\n",
                b.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aPrintedSweepWarnsAndIsWritten() {
        Path out = tmp.resolve("sw");
        String printed = sweep(List.of("out=" + out, "methods=tasl", "backbone=/cluster/models/bert", "executor=print"));
        assertTrue(printed.startsWith("warning: backbone '/cluster/models/bert' (fixed option backbone) is neither a"
                + " known backbone nor a folder on this machine; " + KNOWN + "; the print executor's cells must find it"
                + " where they run\n"), printed);
        assertTrue(printed.contains("run.sh org.tasl.run.RunMain backbone=/cluster/models/bert method=tasl out="), printed);
        assertTrue(SweepDirectory.isSweep(out));
    }

    @Test
    void resumingLocallyChecksTheRecordedGridToo() {
        Path out = tmp.resolve("sw");
        sweep(List.of("out=" + out, "methods=tasl", "backbone=/cluster/models/bert", "executor=print"));
        assertEquals(refusal("backbone '/cluster/models/bert' (fixed option backbone) is neither a known backbone nor"
                + " a folder on this machine"), refused(List.of("resume=" + out, "executor=local")));
    }
}
