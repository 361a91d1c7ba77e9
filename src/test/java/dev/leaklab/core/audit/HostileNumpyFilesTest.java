package dev.leaklab.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leaklab.core.InputException;
import dev.leaklab.core.model.dl4j.Nd4jNumpyReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crafted NumPy files: every one is refused with one line naming the file, before ND4J's native parser sees
 * the bytes, and nothing is written anywhere (an .npz is never extracted).
 */
class HostileNumpyFilesTest {

    @TempDir
    Path dir;

    static byte[] npy(String dtype, String shape, boolean fortran, byte[] data) {
        String dict = "{'descr': '" + dtype + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': ("
                + shape + "), }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        b.put(data);
        return b.array();
    }

    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private Path npz(Map<String, byte[]> entries) throws IOException {
        Path file = dir.resolve("crafted.npz");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    private void assertRefused(Path file, String message) {
        assertThatThrownBy(() -> new Nd4jNumpyReader().read(file)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(file.toString()).hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aWellFormedArrayIsReadThroughNd4j() throws Exception {
        Path file = Files.write(dir.resolve("logits.npy"), npy("<f4", "2, 2", false, floats(1, 2, 3, 4)));
        NumericArray a = new Nd4jNumpyReader().read(file).get("logits");
        assertThat(a.shape()).containsExactly(2, 2);
        assertThat(a.values()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aShapeClaimingMoreDataThanTheFileHoldsIsRefusedBeforeAllocating() throws Exception {
        assertRefused(Files.write(dir.resolve("big.npy"), npy("<f4", "1000000000, 1000", false, floats(1, 2))),
                "claims 1000000000000 values");
        assertRefused(Files.write(dir.resolve("short.npy"), npy("<f4", "3,", false, floats(1, 2))),
                "claims 3 values of 4 bytes (12 bytes), but 8 bytes follow it");
    }

    @Test
    void headersThatAreNotNumPysAreRefused() throws Exception {
        assertRefused(Files.write(dir.resolve("a.npy"), "not numpy at all".getBytes(StandardCharsets.UTF_8)),
                "no \\x93NUMPY magic");
        assertRefused(Files.write(dir.resolve("b.npy"), npy("<U5", "2,", false, new byte[40])), "dtype '<U5'");
        assertRefused(Files.write(dir.resolve("c.npy"), npy(">f4", "2,", false, floats(1, 2))), "dtype '>f4'");
        assertRefused(Files.write(dir.resolve("d.npy"), npy("<f4", "2, 1", true, floats(1, 2))), "Fortran order");
        assertRefused(Files.write(dir.resolve("e.npy"), npy("<f4", "-2,", false, floats(1, 2))), "not a list of sizes");
        byte[] lying = npy("<f4", "2,", false, floats(1, 2));
        lying[8] = (byte) 0xFF;
        lying[9] = (byte) 0x7F;
        assertRefused(Files.write(dir.resolve("f.npy"), lying), "more than the file holds");
    }

    @Test
    void archiveEntriesNamingPathsAreRefusedAndNothingIsExtracted() throws Exception {
        byte[] ok = npy("<f4", "2,", false, floats(1, 2));
        for (String name : new String[] {"../escape.npy", "/abs.npy", "sub/dir.npy", "..\\win.npy", "notes.txt"}) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("labels.npy", ok);
            entries.put(name, ok);
            assertRefused(npz(entries), "is not a NumPy array of an .npz");
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("crafted.npz");
        }
        assertThat(Files.exists(dir.getParent().resolve("escape.npy"))).isFalse();
    }

    @Test
    void aDamagedArchiveIsRefused() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("labels.npy", npy("<f4", "2,", false, floats(1, 2)));
        byte[] zip = Files.readAllBytes(npz(entries));
        Path cut = Files.write(dir.resolve("cut.npz"), java.util.Arrays.copyOf(zip, zip.length / 2));
        assertRefused(cut, "is not an .npz archive");
        ByteArrayOutputStream junk = new ByteArrayOutputStream();
        junk.write(new byte[] {'P', 'K', 3, 4, 9, 9, 9});
        assertRefused(Files.write(dir.resolve("junk.npz"), junk.toByteArray()), "is not an .npz archive");
    }

    @Test
    void anOutputsFileWithArraysOfDifferentLengthsIsRefused() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("labels.npy", npy("<i8", "2,", false, new byte[16]));
        entries.put("logits.npy", npy("<f4", "3, 2", false, floats(1, 2, 3, 4, 5, 6)));
        entries.put("role.npy", npy("<i8", "2,", false, new byte[16]));
        Path file = npz(entries);
        assertThatThrownBy(() -> OutputsFileReader.read(file, null, new Nd4jNumpyReader()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("array logits has shape (3, 2), but labels has 2 rows");
    }
}
