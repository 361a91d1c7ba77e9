package dev.leaklab.core.audit;

import dev.leaklab.core.attack.Released;
import dev.leaklab.core.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes the clean outputs of a run as an outputs file (CSV, the layout {@link OutputsFileReader} reads): one
 * row a sample with its id, role, label, two logits, loss, confidence and embedding. Every float is written
 * as Java's shortest decimal that reads back to the same float, so an audit of the file sees the run's exact
 * numbers.
 */
public final class OutputsFileWriter {

    private OutputsFileWriter() {
    }

    /**
     * Writes the four subsets, replacing {@code file} atomically.
     *
     * @param target  the target's outputs, its {@code members} members first
     * @param members how many of {@code target}'s rows are members
     */
    public static void writeCsv(Released target, int members, Released shadowIn, Released shadowOut, Path file)
            throws IOException {
        AtomicFiles.standard().write(file, stream -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            int d = target.embeddingSize();
            String[] header = new String[8 + d];
            String[] fixed = {"id", "role", "label", "logit0", "logit1", "loss", "confidence", "predicted"};
            System.arraycopy(fixed, 0, header, 0, fixed.length);
            for (int i = 0; i < d; i++) {
                header[8 + i] = "emb" + i;
            }
            CSVPrinter csv = new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header).get());
            rows(csv, target, 0, members, "target-in");
            rows(csv, target, members, target.size(), "target-out");
            if (shadowIn != null && shadowIn.embeddingSize() == d) {
                rows(csv, shadowIn, 0, shadowIn.size(), "shadow-in");
                rows(csv, shadowOut, 0, shadowOut.size(), "shadow-out");
            }
            csv.flush();
        });
    }

    private static void rows(CSVPrinter csv, Released r, int from, int to, String role) throws IOException {
        int d = r.embeddingSize();
        float[] e = r.embeddings();
        for (int i = from; i < to; i++) {
            Object[] row = new Object[8 + d];
            row[0] = r.ids().get(i);
            row[1] = role;
            row[2] = r.labels()[i];
            row[3] = Float.toString(r.logits()[2 * i]);
            row[4] = Float.toString(r.logits()[2 * i + 1]);
            row[5] = Float.toString(r.loss()[i]);
            row[6] = Float.toString(r.confidence()[i]);
            row[7] = r.predicted()[i];
            for (int k = 0; k < d; k++) {
                row[8 + k] = Float.toString(e[i * d + k]);
            }
            csv.printRecord(row);
        }
    }
}
