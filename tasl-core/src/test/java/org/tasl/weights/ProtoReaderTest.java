package org.tasl.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProtoReaderTest {

    @Test
    void readsTheEncodingGuideExample() {
        // protobuf docs: field 1 = 150 is 08 96 01; field 2 = "testing" is 12 07 74 65 73 74 69 6e 67
        byte[] msg = {0x08, (byte) 0x96, 0x01, 0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g'};
        ProtoReader r = new ProtoReader(msg);
        assertTrue(r.next());
        assertEquals(1, r.field());
        assertEquals(ProtoReader.VARINT, r.wireType());
        assertEquals(150, r.varint());
        assertTrue(r.next());
        assertEquals(2, r.field());
        assertEquals("testing", r.string());
        assertFalse(r.next());
    }

    @Test
    void fixedWidthPackedNestedAndSkipped() {
        byte[] msg = new ProtoWriter()
                .fixed32(3, Float.floatToIntBits(1.5f))
                .bytes(4, new ProtoWriter().rawVarint(3).rawVarint(300).rawVarint(-1).toByteArray())
                .message(5, new ProtoWriter().string(1, "inner"))
                .varint(6, 7)
                .toByteArray();
        ProtoReader r = new ProtoReader(msg);
        r.next();
        assertEquals(1.5f, r.float32());
        r.next();
        assertArrayEquals(new long[] {3, 300, -1}, r.varints());
        r.next();
        ProtoReader inner = r.message();
        inner.next();
        assertEquals("inner", inner.string());
        r.next();
        r.skip();
        assertFalse(r.next());
    }

    @Test
    void aLengthPastTheEndIsAnError() {
        byte[] msg = {0x12, 0x09, 'a', 'b'};
        ProtoReader r = new ProtoReader(msg);
        r.next();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::bytes);
        assertTrue(e.getMessage().contains("length 9") && e.getMessage().contains("runs past the end"), e.getMessage());
    }
}
