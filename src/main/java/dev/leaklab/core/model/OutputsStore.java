package dev.leaklab.core.model;

import dev.leaklab.core.InputException;
import dev.leaklab.core.io.AtomicFiles;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Saves and loads {@link ModelOutputs} in a small binary format of LeakLab's own: a magic word and version,
 * the sample count and embedding width, the ids as UTF-8, then labels, logits and embeddings, all
 * little-endian. Sizes are checked against the file's length before anything is allocated. Writes go through
 * {@link AtomicFiles}: forced to disk and moved into place, so a killed run never leaves a torn file.
 */
public final class OutputsStore {

    private static final int MAGIC = 0x4C4C4F55; // "LLOU"
    private static final int VERSION = 1;
    private static final int MAX_ID_BYTES = 4096;

    private OutputsStore() {
    }

    /** Writes {@code outputs} to {@code file}, replacing it atomically. */
    public static void save(ModelOutputs outputs, Path file) throws IOException {
        AtomicFiles.standard().write(file, stream -> {
            DataOutputStream out = new DataOutputStream(stream);
            int n = outputs.size();
            int d = outputs.embeddingSize();
            ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(MAGIC).putInt(VERSION).putInt(n).putInt(d);
            out.write(header.array());
            for (String id : outputs.ids()) {
                byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
                out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length).array());
                out.write(bytes);
            }
            ByteBuffer body = ByteBuffer.allocate(4 * (n + 2 * n + n * d)).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                body.putInt(outputs.label(i));
            }
            for (float v : outputs.logits()) {
                body.putFloat(v);
            }
            for (float v : outputs.embeddings()) {
                body.putFloat(v);
            }
            out.write(body.array());
            out.flush();
        });
    }

    /**
     * Reads outputs saved by {@link #save}.
     *
     * @throws InputException naming the file when it is not such a file or is damaged
     */
    public static ModelOutputs load(Path file) throws InputException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long length = channel.size();
            ByteBuffer all = channel.map(FileChannel.MapMode.READ_ONLY, 0, length).order(ByteOrder.LITTLE_ENDIAN);
            if (length < 16 || all.getInt() != MAGIC) {
                throw new InputException(file, 0, "not a LeakLab outputs file", null);
            }
            int version = all.getInt();
            if (version != VERSION) {
                throw new InputException(file, 0, "outputs format version " + version + " is not one this LeakLab reads",
                        null);
            }
            int n = all.getInt();
            int d = all.getInt();
            long minimum = 16L + 4L * n + 4L * (3L * n + (long) n * d);
            if (n < 0 || d < 0 || d > 1 << 16 || minimum > length) {
                throw new InputException(file, 0, "damaged outputs file: it declares " + n + " samples of width " + d
                        + " but holds " + length + " bytes", null);
            }
            long values = 4L * (3L * n + (long) n * d);
            List<String> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int len = all.getInt();
                // why: an id may only take what the later ids' lengths and the values leave, else the next read
                // runs off the end of the buffer with an unchecked exception instead of this message
                if (len < 0 || len > MAX_ID_BYTES || len > all.remaining() - 4L * (n - 1 - i) - values) {
                    throw new InputException(file, 0, "damaged outputs file: bad id length " + len, null);
                }
                byte[] bytes = new byte[len];
                all.get(bytes);
                ids.add(new String(bytes, StandardCharsets.UTF_8));
            }
            if (all.remaining() != values) {
                throw new InputException(file, 0, "damaged outputs file: " + all.remaining()
                        + " bytes of values where " + values + " were expected", null);
            }
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = all.getInt();
            }
            float[] logits = new float[2 * n];
            all.asFloatBuffer().get(logits);
            all.position(all.position() + 8 * n);
            float[] embeddings = new float[n * d];
            all.asFloatBuffer().get(embeddings);
            return ModelOutputs.of(ids, labels, logits, embeddings, d);
        } catch (IOException e) {
            throw new InputException(file, 0, "cannot read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new InputException(file, 0, "damaged outputs file: " + e.getMessage(), e);
        }
    }
}
