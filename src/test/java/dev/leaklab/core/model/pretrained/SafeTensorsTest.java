package dev.leaklab.core.model.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    @TempDir
    Path dir;

    /** A file of the given header JSON, its length prefix, then {@code data}. */
    private Path handBuilt(String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(json.length).put(json).put(data);
        Path path = dir.resolve("model.safetensors");
        Files.write(path, file.array());
        return path;
    }

    private static byte[] shorts(int... values) {
        ByteBuffer out = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            out.putShort((short) v);
        }
        return out.array();
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertOneLineError(Path file, String fragment) {
        return assertThatThrownBy(() -> SafeTensors.read(file))
                .isInstanceOf(PretrainedException.class)
                .hasMessageStartingWith(file + ": ")
                .hasMessageContaining(fragment)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r"));
    }

    @Test
    void writesAndReadsBackF32Tensors() throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b.weight",
                new Tensor("b.weight", new long[] {2, 3}, new float[] {1, -2, 3.5f, Float.NaN, 0, -0f}));
        tensors.put("a.bias", new Tensor("a.bias", new long[] {4}, new float[] {1e-30f, 1e30f, 7, 8}));
        tensors.put("scalar", new Tensor("scalar", new long[] {}, new float[] {42}));
        tensors.put("empty", new Tensor("empty", new long[] {0, 5}, new float[0]));
        Path file = dir.resolve("x.safetensors");
        SafeTensors.write(file, tensors);

        Map<String, Tensor> read = SafeTensors.read(file);
        assertThat(read).containsOnlyKeys("a.bias", "b.weight", "empty", "scalar");
        tensors.forEach((name, tensor) -> assertThat(read.get(name)).isEqualTo(tensor));
        assertThat(SafeTensors.readShapes(file).get("b.weight")).containsExactly(2, 3);
        assertThat(SafeTensors.readMetadata(file)).containsEntry("format", "pt");
    }

    @Test
    void padsTheHeaderToEightBytesAndLaysTensorsOutInNameOrder() throws Exception {
        Path file = dir.resolve("x.safetensors");
        SafeTensors.write(file, Map.of(
                "z", new Tensor("z", new long[] {1}, new float[] {2}),
                "y", new Tensor("y", new long[] {1}, new float[] {1})));
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = bytes.getLong();
        assertThat(headerLength % 8).isZero();
        assertThat(bytes.capacity()).isEqualTo(8 + headerLength + 8);
        assertThat(bytes.getFloat((int) (8 + headerLength))).isEqualTo(1f);
        assertThat(bytes.getFloat((int) (8 + headerLength + 4))).isEqualTo(2f);
    }

    @Test
    void readsHandBuiltF16AndBf16() throws Exception {
        // F16: 1.0 = 0x3C00, -2.0 = 0xC000, 0.5 = 0x3800, 65504 (largest) = 0x7BFF, smallest subnormal 2^-24 =
        // 0x0001, +infinity = 0x7C00. BF16 is the top half of a float: 1.0 = 0x3F80, -2.0 = 0xC000,
        // 3.140625 = 0x4049, -0.0 = 0x8000.
        Path file = handBuilt("""
                {"h": {"dtype": "F16", "shape": [2, 3], "data_offsets": [0, 12]},
                 "b": {"dtype": "BF16", "shape": [4], "data_offsets": [12, 20]},
                 "__metadata__": {"format": "pt"}}""",
                shorts(0x3C00, 0xC000, 0x3800, 0x7BFF, 0x0001, 0x7C00, 0x3F80, 0xC000, 0x4049, 0x8000));
        Map<String, Tensor> read = SafeTensors.read(file);
        assertThat(read.get("h").shape()).containsExactly(2, 3);
        assertThat(read.get("h").data()).containsExactly(1f, -2f, 0.5f, 65504f, 0x1p-24f, Float.POSITIVE_INFINITY);
        assertThat(read.get("b").data()).containsExactly(1f, -2f, 3.140625f, -0f);
        assertThat(Float.floatToRawIntBits(read.get("b").data()[3])).isEqualTo(0x8000_0000);
    }

    @Test
    void convertsHalfPrecisionExactlyOverTheWholeRange() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = DType.halfToFloat((short) bits);
            int exponent = (bits >>> 10) & 0x1F;
            int mantissa = bits & 0x3FF;
            double expected = exponent == 0 ? mantissa * Math.pow(2, -24)
                    : exponent == 31 ? (mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                    : (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
            expected = (bits & 0x8000) != 0 ? -expected : expected;
            if (Double.isNaN(expected)) {
                assertThat(f).isNaN();
            } else {
                assertThat((double) f).isEqualTo(expected);
            }
        }
    }

    @Test
    void readsIntegerBuffersSuchAsOldPositionIds() throws Exception {
        ByteBuffer data = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < 4; i++) {
            data.putLong(i);
        }
        Path file = handBuilt("{\"embeddings.position_ids\": {\"dtype\": \"I64\", \"shape\": [1, 4], "
                + "\"data_offsets\": [0, 32]}}", data.array());
        assertThat(SafeTensors.read(file).get("embeddings.position_ids").data()).containsExactly(0f, 1f, 2f, 3f);
    }

    @Test
    void readsTensorsLargerThanOneReadChunk() throws Exception {
        float[] values = new float[3_000_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f;
        }
        Path file = dir.resolve("big.safetensors");
        SafeTensors.write(file, Map.of("big", new Tensor("big", new long[] {1000, 3000}, values)));
        float[] read = SafeTensors.read(file).get("big").data();
        assertThat(read).hasSize(values.length);
        assertThat(read[values.length - 1]).isCloseTo(values[values.length - 1], within(0f));
        assertThat(read).isEqualTo(values);
    }

    @Test
    void rejectsAFileTooShortForTheLength() throws Exception {
        Path file = dir.resolve("short.safetensors");
        Files.write(file, new byte[] {1, 2, 3});
        assertOneLineError(file, "too short for a safetensors file (3 bytes)");
    }

    @Test
    void rejectsAnAbsurdHeaderLength() throws Exception {
        Path file = dir.resolve("huge.safetensors");
        ByteBuffer bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40);
        Files.write(file, bytes.array());
        assertOneLineError(file, "header length 1099511627776 is not between 1 and 100000000 bytes");
        Files.write(file, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array());
        assertOneLineError(file, "header length 18446744073709551615 is not between");
        Files.write(file, new byte[16]);
        assertOneLineError(file, "header length 0 is not between");
    }

    @Test
    void rejectsAHeaderLengthBeyondTheFile() throws Exception {
        Path file = dir.resolve("past.safetensors");
        Files.write(file, ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(5000).array());
        assertOneLineError(file, "header length 5000 runs past the end of the file (20 bytes)");
    }

    @Test
    void rejectsAHeaderThatIsNotAJsonObject() throws Exception {
        assertOneLineError(handBuilt("{\"a\": ", new byte[0]), "header is not valid JSON");
        assertOneLineError(handBuilt("[1, 2]", new byte[0]), "header is not a JSON object");
        assertOneLineError(handBuilt("{} {}", new byte[0]), "header is not valid JSON");
        assertOneLineError(handBuilt("{\"a\": {\"dtype\": \"F32\", \"shape\": [], \"data_offsets\": [0, 4]},"
                + " \"a\": {\"dtype\": \"F32\", \"shape\": [], \"data_offsets\": [0, 4]}}", new byte[4]),
                "header is not valid JSON");
    }

    @Test
    void rejectsOffsetsOutsideTheDataSection() throws Exception {
        Path file = handBuilt("{\"w\": {\"dtype\": \"F32\", \"shape\": [100], \"data_offsets\": [0, 400]}}",
                new byte[16]);
        assertOneLineError(file, "tensor 'w' has data_offsets [0, 400] past the end of the 16-byte data section");
    }

    @Test
    void rejectsOverlappingTensors() throws Exception {
        Path file = handBuilt("{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                + " \"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [4, 12]}}", new byte[16]);
        assertOneLineError(file, "tensors 'a' [0, 8] and 'b' [4, 12] overlap");
    }

    @Test
    void rejectsAByteCountThatDoesNotMatchTheShape() throws Exception {
        Path file = handBuilt("{\"w\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}",
                new byte[16]);
        assertOneLineError(file, "tensor 'w' of shape [3] and dtype F32 needs 12 bytes, but its data_offsets"
                + " [0, 8] span 8");
    }

    @Test
    void namesAnUnsupportedDtype() throws Exception {
        Path file = handBuilt("{\"w\": {\"dtype\": \"F8_E4M3\", \"shape\": [2], \"data_offsets\": [0, 2]}}",
                new byte[2]);
        assertOneLineError(file, "tensor 'w' has unsupported dtype 'F8_E4M3' (LeakLab reads F64, F32, F16, BF16");
    }

    @Test
    void rejectsACutOffFile() throws Exception {
        Path file = dir.resolve("cut.safetensors");
        SafeTensors.write(file, TinyRobertaCheckpoint.randomWeights(TinyRobertaCheckpoint.config(50), 1, ""));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 100);
        }
        assertOneLineError(file, "the file may have been cut off");
    }

    @Test
    void rejectsHugeDeclaredShapesBeforeAllocatingAnything() throws Exception {
        // each of these would need gigabytes; the test JVM has 2 GB, so an allocation would fail loudly
        assertOneLineError(handBuilt("{\"w\": {\"dtype\": \"F32\", \"shape\": [100000, 100000, 100000],"
                + " \"data_offsets\": [0, 8]}}", new byte[8]), "declares shape [100000, 100000, 100000], more than");
        assertOneLineError(handBuilt("{\"w\": {\"dtype\": \"F32\", \"shape\": [2000000000],"
                + " \"data_offsets\": [0, 8000000000]}}", new byte[8]), "past the end of the 8-byte data section");
        assertOneLineError(handBuilt("{\"w\": {\"dtype\": \"F32\", \"shape\": [4294967296, 4294967296],"
                + " \"data_offsets\": [0, 0]}}", new byte[8]), "more than the 2147483639 elements");
    }

    @Test
    void rejectsMalformedEntries() throws Exception {
        assertOneLineError(handBuilt("{\"w\": 5}", new byte[0]), "header entry 'w' is not a JSON object");
        assertOneLineError(handBuilt("{\"w\": {\"shape\": [1], \"data_offsets\": [0, 4]}}", new byte[4]),
                "tensor 'w' has no dtype");
        assertOneLineError(handBuilt("{\"w\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 4]}}",
                new byte[4]), "tensor 'w' has no valid shape");
        assertOneLineError(handBuilt("{\"w\": {\"dtype\": \"F32\", \"shape\": [1.5], \"data_offsets\": [0, 4]}}",
                new byte[4]), "tensor 'w' has no valid shape");
        assertOneLineError(handBuilt("{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 0]}}",
                new byte[4]), "tensor 'w' has no valid data_offsets");
        assertOneLineError(handBuilt("{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0]}}",
                new byte[4]), "tensor 'w' has no valid data_offsets");
        assertOneLineError(handBuilt("{\"__metadata__\": {\"format\": 1}}", new byte[0]),
                "__metadata__ entry 'format' is not a string");
    }

    @Test
    void keepsHostileNamesOnOneLine() throws Exception {
        Path file = handBuilt("{\"evil\\nname\": {\"dtype\": \"Q\\r\\n\", \"shape\": [1], \"data_offsets\": [0, 4]}}",
                new byte[4]);
        assertOneLineError(file, "tensor 'evil\\u000aname' has unsupported dtype 'Q\\u000d\\u000a'");
    }

    @Test
    void saysWhenTheFileIsMissing() {
        Path file = dir.resolve("absent.safetensors");
        assertThatThrownBy(() -> SafeTensors.read(file)).isInstanceOf(PretrainedException.class)
                .hasMessage(file + ": cannot read: no such file");
    }

    @Test
    void refusesToWriteUnderAKeyOtherThanTheTensorsName() {
        assertThatThrownBy(() -> SafeTensors.write(dir.resolve("x"),
                Map.of("a", new Tensor("b", new long[] {1}, new float[] {1}))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tensorsCheckTheirShapeAndCompareByContent() {
        assertThatThrownBy(() -> new Tensor("t", new long[] {2, 2}, new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 4 values, got 3");
        long[] shape = {2};
        Tensor t = new Tensor("t", shape, new float[] {1, 2});
        shape[0] = 7;
        assertThat(t.shape()).containsExactly(2);
        assertThat(t).isEqualTo(new Tensor("t", new long[] {2}, new float[] {1, 2}));
        assertThat(t).hasToString("Tensor[t [2]]");
        assertThat(t.hasShape(2)).isTrue();
    }
}
