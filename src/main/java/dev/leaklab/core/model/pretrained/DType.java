package dev.leaklab.core.model.pretrained;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The safetensors element types LeakLab reads, each widened to {@code float}. Integer and boolean types are
 * accepted because Hugging Face checkpoints saved by transformers before 4.31 carry an {@code I64}
 * {@code embeddings.position_ids} buffer; their values are small, so the widening is exact.
 */
enum DType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    int bytes() {
        return bytes;
    }

    /** The type a header names, or {@code null} when LeakLab cannot read it. */
    static DType parse(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The readable names, for error messages. */
    static String supported() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** Reads {@code count} little-endian elements from {@code in} into {@code out} from {@code offset}. */
    void read(ByteBuffer in, float[] out, int offset, int count) {
        switch (this) {
            case F32 -> in.asFloatBuffer().get(out, offset, count);
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = (float) in.getDouble(in.position() + 8 * i);
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = halfToFloat(in.getShort(in.position() + 2 * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = Float.intBitsToFloat((in.getShort(in.position() + 2 * i) & 0xFFFF) << 16);
                }
            }
            case I64 -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = in.getLong(in.position() + 8 * i);
                }
            }
            case I32 -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = in.getInt(in.position() + 4 * i);
                }
            }
            case I16 -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = in.getShort(in.position() + 2 * i);
                }
            }
            case I8 -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = in.get(in.position() + i);
                }
            }
            case U8 -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = in.get(in.position() + i) & 0xFF;
                }
            }
            case BOOL -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = in.get(in.position() + i) != 0 ? 1f : 0f;
                }
            }
        }
        in.position(in.position() + count * bytes);
    }

    /** IEEE 754 binary16 to float, subnormals, infinities and NaN included (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int bits = half & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1F;
        int mantissa = bits & 0x3FF;
        if (exponent == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // why: subnormal halves are mantissa * 2^-24, exactly representable as a float
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
