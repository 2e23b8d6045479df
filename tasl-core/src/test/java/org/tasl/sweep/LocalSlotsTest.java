package org.tasl.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the local executor spreads processes over GPUs. */
class LocalSlotsTest {

    private static SweepOptions opts(int parallel, int perGpu) {
        return new SweepOptions(SweepOptions.Executor.LOCAL, parallel, perGpu, List.of(), null, null, null, null, 0, List.of());
    }

    @Test
    void nvidiaSmiListsTheGpuIds() {
        String out = "GPU 0: NVIDIA H200 (UUID: GPU-1)\nGPU 1: NVIDIA H200 (UUID: GPU-2)\n";
        assertEquals(List.of("0", "1"), GpuSlots.parseNvidiaSmi(out));
        assertEquals(List.of(), GpuSlots.parseNvidiaSmi("NVIDIA-SMI has failed"));
    }

    @Test
    void givenIdsThenCudaVisibleDevicesWin() {
        assertEquals(List.of("2", "3"), GpuSlots.resolve(List.of("2", "3"), "0"));
        assertEquals(List.of(), GpuSlots.resolve(List.of("none"), "0,1"));
        assertEquals(List.of("4", "5"), GpuSlots.resolve(List.of(), "4,5"));
    }

    @Test
    void kProcessesPerGpuAndParallelDefaultsToAllSlots() {
        LocalExecutor e = new LocalExecutor(opts(0, 3), List.of("0", "1"));
        assertEquals(List.of("0", "1", "0", "1", "0", "1"), e.gpuSlots());
        assertEquals(6, e.parallel());
        assertEquals(4, new LocalExecutor(opts(4, 3), List.of("0", "1")).parallel());
        String tooMany = assertThrows(IllegalArgumentException.class,
                () -> new LocalExecutor(opts(7, 3), List.of("0", "1")).parallel()).getMessage();
        assertTrue(tooMany.contains("--parallel 7") && tooMany.contains("6 slots"), tooMany);
    }

    @Test
    void withoutGpusParallelIsProcessesAtOnceDefaultOne() {
        assertEquals(1, new LocalExecutor(opts(0, 1), List.of()).parallel());
        assertEquals(2, new LocalExecutor(opts(2, 1), List.of()).parallel());
        assertEquals(List.of(), new LocalExecutor(opts(2, 1), List.of()).gpuSlots());
    }
}
