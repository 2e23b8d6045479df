package org.tasl.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over protobuf wire format (varints, 64-bit, length-delimited, 32-bit fields), enough
 * to read ONNX models, TF bundle entries and SentencePiece models without generated classes.
 * Length-delimited payloads are returned as slices of the underlying buffer (no copy), so
 * reading a memory-mapped 100 MB ONNX file touches only the fields asked for.
 *
 * <pre>{@code
 * ProtoReader r = new ProtoReader(buf);
 * while (r.next()) {
 *     switch (r.field()) {
 *         case 1 -> name = r.string();
 *         case 2 -> dims.add(r.varint());
 *         default -> r.skip();
 *     }
 * }
 * }</pre>
 */
public final class ProtoReader {

    public static final int VARINT = 0;
    public static final int I64 = 1;
    public static final int LEN = 2;
    public static final int I32 = 5;

    private final ByteBuffer buf;
    private int field;
    private int wireType;

    public ProtoReader(ByteBuffer buf) {
        this.buf = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    public ProtoReader(byte[] bytes) {
        this(ByteBuffer.wrap(bytes));
    }

    /** Advances to the next field; false at the end of the message. */
    public boolean next() {
        if (!buf.hasRemaining()) {
            return false;
        }
        long tag = varint();
        field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (field == 0) {
            throw new IllegalArgumentException("protobuf: field number 0 at byte " + buf.position() + " (corrupt data)");
        }
        return true;
    }

    public int field() {
        return field;
    }

    public int wireType() {
        return wireType;
    }

    public long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!buf.hasRemaining()) {
                throw truncated();
            }
            byte b = buf.get();
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("protobuf: varint longer than 10 bytes at byte " + buf.position());
    }

    public int int32() {
        return (int) varint();
    }

    public boolean bool() {
        return varint() != 0;
    }

    public long fixed64() {
        need(8);
        return buf.getLong();
    }

    public int fixed32() {
        need(4);
        return buf.getInt();
    }

    public float float32() {
        return Float.intBitsToFloat(fixed32());
    }

    public double float64() {
        return Double.longBitsToDouble(fixed64());
    }

    /** A length-delimited payload as a little-endian slice of the buffer (not a copy). */
    public ByteBuffer bytes() {
        long len = varint();
        if (len < 0 || len > buf.remaining()) {
            throw new IllegalArgumentException("protobuf: length " + len + " at byte " + buf.position()
                    + " runs past the end of the message (" + buf.remaining() + " bytes left)");
        }
        ByteBuffer s = buf.slice(buf.position(), (int) len).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(buf.position() + (int) len);
        return s;
    }

    public String string() {
        ByteBuffer b = bytes();
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return new String(a, StandardCharsets.UTF_8);
    }

    /** The next {@code n} raw bytes (no length prefix) as a slice. */
    public ByteBuffer rawBytes(int n) {
        if (n < 0 || n > buf.remaining()) {
            throw new IllegalArgumentException("protobuf: " + n + " bytes wanted at byte " + buf.position() + ", "
                    + buf.remaining() + " left");
        }
        ByteBuffer s = buf.slice(buf.position(), n).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(buf.position() + n);
        return s;
    }

    /** A nested message. */
    public ProtoReader message() {
        return new ProtoReader(bytes());
    }

    /** Repeated varints, packed (one LEN field) or not (this one value). */
    public long[] varints() {
        if (wireType != LEN) {
            return new long[] {varint()};
        }
        ProtoReader p = new ProtoReader(bytes());
        long[] out = new long[8];
        int n = 0;
        while (p.buf.hasRemaining()) {
            if (n == out.length) {
                out = java.util.Arrays.copyOf(out, n * 2);
            }
            out[n++] = p.varint();
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Skips the current field's value. */
    public void skip() {
        switch (wireType) {
            case VARINT -> varint();
            case I64 -> advance(8);
            case LEN -> bytes();
            case I32 -> advance(4);
            default -> throw new IllegalArgumentException("protobuf: unsupported wire type " + wireType + " for field "
                    + field + " at byte " + buf.position());
        }
    }

    public boolean hasRemaining() {
        return buf.hasRemaining();
    }

    private void advance(int n) {
        need(n);
        buf.position(buf.position() + n);
    }

    private void need(int n) {
        if (buf.remaining() < n) {
            throw truncated();
        }
    }

    private IllegalArgumentException truncated() {
        return new IllegalArgumentException("protobuf: message truncated at byte " + buf.position());
    }
}
