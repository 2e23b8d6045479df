package org.tasl.tensor;

import java.util.Locale;

/** Element types of host tensors, named as safetensors names them. */
public enum DType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    public boolean isFloatingPoint() {
        return this == F64 || this == F32 || this == F16 || this == BF16;
    }

    /** The safetensors spelling ("F32", "BF16", ...). */
    public String safetensorsName() {
        return name();
    }

    /** Parses a safetensors dtype name; null when the name is not one this project reads. */
    public static DType fromSafetensorsName(String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
