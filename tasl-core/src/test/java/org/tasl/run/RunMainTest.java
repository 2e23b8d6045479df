package org.tasl.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunMainTest {

    @Test
    void keyValueArgumentsBecomeRunOptions() {
        RunConfig c = RunConfig.defaults();
        RunMain.Args a = RunMain.parseArgs(new String[] {"method=seqlora", "lr=5e-3", "--batch-size=16", "order=4",
                "device=gpu", "progress_every=5", "resume=true"}, c);
        assertEquals("seqlora", c.method());
        assertEquals(5e-3f, c.lr());
        assertEquals(16, c.batchSize(), "the command-line spelling --batch-size is accepted");
        assertEquals(4, c.get("order"));
        assertEquals("gpu", c.get(RunOptions.DEVICE));
        assertEquals(5, a.progressEvery());
        assertTrue(a.resume());
    }

    @Test
    void progressEveryDefaultsTo25AndOptionsKeepTheirDefaults() {
        RunConfig c = RunConfig.defaults();
        RunMain.Args a = RunMain.parseArgs(new String[0], c);
        assertEquals(25, a.progressEvery());
        assertEquals(false, a.resume(), "a run starts fresh unless resume=true");
        assertEquals(8, c.batchSize());
    }

    @Test
    void anArgumentWithoutEqualsSignIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunMain.parseArgs(new String[] {"method=tasl", "lr"}, RunConfig.defaults()));
        assertTrue(e.getMessage().contains("'lr'") && e.getMessage().contains("key=value"), e.getMessage());
    }

    @Test
    void resumeMustBeTrueOrFalse() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunMain.parseArgs(new String[] {"resume=maybe"}, RunConfig.defaults()));
        assertTrue(e.getMessage().contains("resume") && e.getMessage().contains("maybe"), e.getMessage());
    }

    @Test
    void anUnknownOptionIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunMain.parseArgs(new String[] {"learning_rate=1"}, RunConfig.defaults()));
        assertTrue(e.getMessage().contains("learning_rate"), e.getMessage());
    }
}
