package org.tasl.weights;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Test helper: writes protobuf wire format by hand, to build small ONNX / TF / SentencePiece inputs. */
final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtoWriter varint(int field, long v) {
        tag(field, 0);
        rawVarint(v);
        return this;
    }

    ProtoWriter fixed32(int field, int v) {
        tag(field, 5);
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
        return this;
    }

    ProtoWriter bytes(int field, byte[] b) {
        tag(field, 2);
        rawVarint(b.length);
        out.writeBytes(b);
        return this;
    }

    ProtoWriter string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter message(int field, ProtoWriter m) {
        return bytes(field, m.toByteArray());
    }

    ProtoWriter rawVarint(long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return this;
    }

    ProtoWriter raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    private void tag(int field, int wire) {
        rawVarint(((long) field << 3) | wire);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    static byte[] floatsLe(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }
}
