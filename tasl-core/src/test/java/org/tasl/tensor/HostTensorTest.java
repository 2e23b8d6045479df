package org.tasl.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.tasl.testing.FreedJavaMemory;

class HostTensorTest {

    @Test
    void halfPrecisionBitsOfKnownValues() {
        // 1.0 = 0x3c00, -2.0 = 0xc000, 65504 = 0x7bff (largest half), 2^-24 = 0x0001 (smallest subnormal)
        assertEquals((short) 0x3c00, HostTensor.floatToHalf(1f));
        assertEquals((short) 0xc000, HostTensor.floatToHalf(-2f));
        assertEquals((short) 0x7bff, HostTensor.floatToHalf(65504f));
        assertEquals((short) 0x0001, HostTensor.floatToHalf(0x1p-24f));
        assertEquals(1f, HostTensor.halfToFloat((short) 0x3c00));
        assertEquals(0x1p-24f, HostTensor.halfToFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, HostTensor.halfToFloat((short) 0x7c00));
        // bf16 keeps the top 16 bits of a float: 1.0f = 0x3f800000 → 0x3f80; 1+2^-8 rounds to even (1.0)
        assertEquals((short) 0x3f80, HostTensor.floatToBf16(1f));
        assertEquals((short) 0x3f80, HostTensor.floatToBf16(1f + 0x1p-8f));
        assertEquals((short) 0x3f81, HostTensor.floatToBf16(1f + 0x1p-8f + 0x1p-12f));
    }

    @Test
    void transposeOfAnInOutKernel() {
        HostTensor k = HostTensor.fromFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        HostTensor t = k.transpose2d();
        assertArrayEquals(new long[] {3, 2}, t.shape());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, t.toFloatArray());
    }

    @Test
    void wrongByteCountIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HostTensor.fromFloats(new float[] {1, 2, 3}, 2, 2));
        assertEquals("3 values do not fill shape [2, 2]", e.getMessage());
    }

    @Test
    void toAndFromNDArray() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = HostTensor.fromFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).toNDArray(m);
            assertEquals(DataType.FLOAT32, a.getDataType());
            assertArrayEquals(new long[] {2, 3}, a.getShape().getShape());
            assertEquals(21f, a.sum().getFloat(), 0f);
            NDArray h = HostTensor.fromFloats(new float[] {0.5f, 1.5f}, 2).to(DType.BF16).toNDArray(m);
            assertEquals(DataType.FLOAT32, h.getDataType(), "BF16 is widened to float32");
            assertArrayEquals(new float[] {0.5f, 1.5f}, h.toFloatArray());
            HostTensor back = HostTensor.fromNDArray(a.mul(2));
            assertEquals(DType.F32, back.dtype());
            assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, back.toFloatArray());
            HostTensor ids = HostTensor.fromNDArray(m.create(new long[] {3, 4}));
            assertArrayEquals(new long[] {3, 4}, ids.toLongArray());
        }
    }

    @Test
    void toNDArrayValuesOutliveTheArrayItWasReadInto() {
        // A view shares the array's memory. Engine memory lives as long as any view of it; the
        // bytes of a Java buffer would be freed with the closed array once the JVM collects it.
        float[] values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray view;
            try (NDManager scope = m.newSubManager()) {
                view = HostTensor.fromFloats(values, 16).toNDArray(scope).reshape(new Shape(4, 4));
                view.attach(m);
            }
            FreedJavaMemory.release();
            assertArrayEquals(values, view.toFloatArray(), 0f);
        }
    }
}
