package org.tasl.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A tensor held outside any engine: an element type, a shape and its little-endian bytes, either
 * on the heap or in a read-only memory-mapped region of a weights file. Reading weights yields
 * these; models turn them into NDArrays on their own device with {@link #toNDArray}.
 */
public final class HostTensor {

    private final DType dtype;
    private final long[] shape;
    private final ByteBuffer data;

    /**
     * @param data exactly {@code numel(shape) * dtype.byteSize()} bytes (from position to limit),
     *     little-endian; kept, not copied
     */
    public HostTensor(DType dtype, long[] shape, ByteBuffer data) {
        if (dtype == null || shape == null || data == null) {
            throw new IllegalArgumentException("HostTensor needs a dtype, a shape and data");
        }
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        long expected = numel(shape) * dtype.byteSize();
        if (data.remaining() != expected) {
            throw new IllegalArgumentException("tensor of " + dtype + Arrays.toString(shape) + " needs " + expected
                    + " bytes, got " + data.remaining());
        }
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    public static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long numel() {
        return numel(shape);
    }

    public long byteSize() {
        return data.remaining();
    }

    /** A read-only little-endian view of the bytes, positioned at 0. */
    public ByteBuffer data() {
        return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    // ---- construction -------------------------------------------------------------------

    public static HostTensor fromFloats(float[] values, long... shape) {
        checkCount(values.length, shape);
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new HostTensor(DType.F32, shape, b);
    }

    public static HostTensor fromLongs(long[] values, long... shape) {
        checkCount(values.length, shape);
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return new HostTensor(DType.I64, shape, b);
    }

    public static HostTensor fromInts(int[] values, long... shape) {
        checkCount(values.length, shape);
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return new HostTensor(DType.I32, shape, b);
    }

    private static void checkCount(int n, long[] shape) {
        if (numel(shape) != n) {
            throw new IllegalArgumentException(n + " values do not fill shape " + Arrays.toString(shape));
        }
    }

    // ---- conversion ---------------------------------------------------------------------

    /** Every element as a float (F16/BF16 widened exactly, F64 and integers rounded). */
    public float[] toFloatArray() {
        int n = Math.toIntExact(numel());
        float[] out = new float[n];
        ByteBuffer b = data();
        switch (dtype) {
            case F32 -> b.asFloatBuffer().get(out);
            case F64 -> { for (int i = 0; i < n; i++) out[i] = (float) b.getDouble(i * 8); }
            case F16 -> { for (int i = 0; i < n; i++) out[i] = halfToFloat(b.getShort(i * 2)); }
            case BF16 -> { for (int i = 0; i < n; i++) out[i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16); }
            case I64 -> { for (int i = 0; i < n; i++) out[i] = b.getLong(i * 8); }
            case I32 -> { for (int i = 0; i < n; i++) out[i] = b.getInt(i * 4); }
            case I16 -> { for (int i = 0; i < n; i++) out[i] = b.getShort(i * 2); }
            case I8 -> { for (int i = 0; i < n; i++) out[i] = b.get(i); }
            case U8, BOOL -> { for (int i = 0; i < n; i++) out[i] = b.get(i) & 0xff; }
            default -> throw new IllegalStateException("unhandled dtype " + dtype);
        }
        return out;
    }

    /** Every element as a long (integers exactly, floating point truncated toward zero). */
    public long[] toLongArray() {
        int n = Math.toIntExact(numel());
        long[] out = new long[n];
        ByteBuffer b = data();
        switch (dtype) {
            case I64 -> b.asLongBuffer().get(out);
            case I32 -> { for (int i = 0; i < n; i++) out[i] = b.getInt(i * 4); }
            case I16 -> { for (int i = 0; i < n; i++) out[i] = b.getShort(i * 2); }
            case I8 -> { for (int i = 0; i < n; i++) out[i] = b.get(i); }
            case U8, BOOL -> { for (int i = 0; i < n; i++) out[i] = b.get(i) & 0xff; }
            default -> {
                float[] f = toFloatArray();
                for (int i = 0; i < n; i++) out[i] = (long) f[i];
            }
        }
        return out;
    }

    /** This tensor as float32 (itself when it already is). */
    public HostTensor toF32() {
        return dtype == DType.F32 ? this : fromFloats(toFloatArray(), shape);
    }

    /** Converts floating-point data to F32, F16 or BF16 (round to nearest even). */
    public HostTensor to(DType target) {
        if (target == dtype) {
            return this;
        }
        if (target == DType.F32) {
            return toF32();
        }
        if (target != DType.F16 && target != DType.BF16) {
            throw new IllegalArgumentException("conversion to " + target + " is not supported");
        }
        float[] f = toFloatArray();
        ByteBuffer b = ByteBuffer.allocate(f.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : f) {
            b.putShort(target == DType.F16 ? floatToHalf(v) : floatToBf16(v));
        }
        b.flip();
        return new HostTensor(target, shape, b);
    }

    /** The transpose of a rank-2 tensor (TF and ONNX store dense kernels [in, out]). */
    public HostTensor transpose2d() {
        if (shape.length != 2) {
            throw new IllegalArgumentException("transpose2d needs a rank-2 tensor, got shape " + Arrays.toString(shape));
        }
        int rows = Math.toIntExact(shape[0]);
        int cols = Math.toIntExact(shape[1]);
        int es = dtype.byteSize();
        ByteBuffer src = data();
        ByteBuffer dst = ByteBuffer.allocate(rows * cols * es).order(ByteOrder.LITTLE_ENDIAN);
        if (es == 4) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    dst.putInt((c * rows + r) * 4, src.getInt((r * cols + c) * 4));
                }
            }
        } else {
            byte[] tmp = new byte[es];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    src.get((r * cols + c) * es, tmp);
                    dst.put((c * rows + r) * es, tmp);
                }
            }
        }
        return new HostTensor(dtype, new long[] {cols, rows}, dst);
    }

    /** The same bytes under another shape with the same element count. */
    public HostTensor reshape(long... newShape) {
        if (numel(newShape) != numel()) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
        }
        return new HostTensor(dtype, newShape, data());
    }

    /** A copy whose bytes live on the heap (detached from any mapped file). */
    public HostTensor copyToHeap() {
        ByteBuffer b = ByteBuffer.allocate((int) byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(data());
        b.flip();
        return new HostTensor(dtype, shape, b);
    }

    // ---- DJL ----------------------------------------------------------------------------

    /**
     * An NDArray with this tensor's values on {@code manager}'s device, owned by that manager.
     * F16 and BF16 are widened to FLOAT32 (CPU math in this project is float32; BF16 is not
     * supported by every engine operator); F32, F64, I64, I32, I8, U8 and BOOL keep their type.
     * The bytes are always copied into memory the engine allocated itself: the array never
     * aliases a mapped file (training it in place can never write to, or fault on, a read-only
     * mapping) nor a Java buffer. DJL's PyTorch engine wraps a direct buffer with
     * {@code torch::from_blob} and only the array it returns keeps that buffer alive; a view or
     * alias of it (reshape, same-type {@code toType}, an interned handle) would read freed
     * memory once that array is closed and the JVM collects the buffer.
     */
    public NDArray toNDArray(NDManager manager) {
        HostTensor t = (dtype == DType.F16 || dtype == DType.BF16) ? toF32() : this;
        DataType dt = switch (t.dtype) {
            case F32 -> DataType.FLOAT32;
            case F64 -> DataType.FLOAT64;
            case I64 -> DataType.INT64;
            case I32 -> DataType.INT32;
            case I8 -> DataType.INT8;
            case U8 -> DataType.UINT8;
            case BOOL -> DataType.BOOLEAN;
            case I16 -> throw new IllegalArgumentException("I16 tensors have no DJL data type");
            default -> throw new IllegalStateException("unhandled dtype " + t.dtype);
        };
        ByteBuffer direct = ByteBuffer.allocateDirect((int) t.byteSize()).order(ByteOrder.nativeOrder());
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN || t.dtype.byteSize() == 1) {
            direct.put(t.data());
        } else {
            throw new UnsupportedOperationException("big-endian hosts are not supported");
        }
        direct.flip();
        NDArray blob = manager.create(direct, new Shape(t.shape), dt);
        if (manager.getDevice().isGpu()) {
            return blob; // already copied from the buffer into device memory
        }
        NDArray owned = blob.duplicate();
        blob.close();
        return owned;
    }

    /** Copies an NDArray's values to the heap (FLOAT16 → F16, BFLOAT16 → BF16). */
    public static HostTensor fromNDArray(NDArray array) {
        DType dt = switch (array.getDataType()) {
            case FLOAT32 -> DType.F32;
            case FLOAT64 -> DType.F64;
            case FLOAT16 -> DType.F16;
            case BFLOAT16 -> DType.BF16;
            case INT64 -> DType.I64;
            case INT32 -> DType.I32;
            case INT8 -> DType.I8;
            case UINT8 -> DType.U8;
            case BOOLEAN -> DType.BOOL;
            default -> throw new IllegalArgumentException("NDArray data type " + array.getDataType() + " has no host dtype");
        };
        ByteBuffer src = array.toByteBuffer();
        ByteBuffer b = ByteBuffer.allocate(src.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(src);
        b.flip();
        return new HostTensor(dt, array.getShape().getShape(), b);
    }

    // ---- half precision -----------------------------------------------------------------

    /** IEEE 754 binary16 bits to float (Java 17 has no Float.float16ToFloat). */
    public static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            float v = mant * 0x1p-24f; // subnormal: mant * 2^-24
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** Float to IEEE 754 binary16 bits, rounding to nearest even. */
    public static short floatToHalf(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            mant |= 0x800000;
            int shift = 14 - e;
            int half = mant >>> shift;
            int rem = mant & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
            half++; // may carry into the exponent, which is the correct rounding
        }
        return (short) (sign | half);
    }

    /** Float to bfloat16 bits, rounding to nearest even. */
    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    @Override
    public String toString() {
        return "HostTensor(" + dtype + Arrays.toString(shape) + ")";
    }
}
