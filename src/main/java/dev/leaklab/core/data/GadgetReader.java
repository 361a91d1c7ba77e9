package dev.leaklab.core.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads VulDeePecker / SySeVR code-gadget text releases. Records are separated by a line of dashes; releases
 * differ in the count (33 in the CGD files), so the first dash line of a file fixes it, and a dash line of
 * another length is content: the published CGD files hold six such lines inside damaged records, and only
 * this reading gives their published counts. Each record has a header line, one or more statements, and the label ({@code 0} or
 * {@code 1}) as its last line. The header's first token is the id. When the header reads
 * {@code id path... tag line} (the path may hold spaces) the path, tag and line are kept as source, tag and
 * line; any other header (some releases put a key statement there) is kept whole as the source. The CWE
 * comes from the file name ({@code cwe119_cgd.txt} is CWE-119).
 */
public final class GadgetReader implements DatasetReader {

    private static final Pattern CWE_IN_NAME = Pattern.compile("cwe[-_]?(\\d+)", Pattern.CASE_INSENSITIVE);

    @Override
    public DatasetFormat format() {
        return DatasetFormat.GADGETS;
    }

    /** Whether {@code line} could separate records: three or more dashes and nothing else but spaces. */
    static boolean isSeparator(String line) {
        return dashCount(line) >= 3;
    }

    /** The number of dashes in a line of dashes and blanks, or -1 for any other line. */
    private static int dashCount(String line) {
        int n = line.length();
        int dashes = 0;
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c == '-') {
                dashes++;
            } else if (c != ' ' && c != '\t') {
                return -1;
            }
        }
        return dashes;
    }

    /** The CWE named in a dataset file's name, or {@code null}. */
    static String cweFromFileName(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return null;
        }
        Matcher m = CWE_IN_NAME.matcher(name.toString());
        return m.find() ? "CWE-" + Integer.parseInt(m.group(1)) : null;
    }

    @Override
    public void read(Path path, ReaderOptions options, Consumer<Sample> sink) throws DatasetException {
        String cwe = cweFromFileName(path);
        RecordSkipper skipper = new RecordSkipper(path, options, sink);
        long good = 0;
        try (LineInput lines = new LineInput(path, options)) {
            Record record = new Record();
            int separator = -1;
            for (String line = lines.next(); line != null; line = lines.next()) {
                int dashes = line.isEmpty() || line.charAt(0) != '-' && line.charAt(0) != ' ' ? -1 : dashCount(line);
                if (separator < 0 && dashes >= 3) {
                    separator = dashes;
                }
                if (dashes >= 3 && dashes == separator) {
                    if (record.header != null) {
                        good += emit(record, path, cwe, sink, skipper);
                        record = new Record();
                    }
                    continue;
                }
                if (record.header == null) {
                    if (!line.isBlank()) {
                        record.header = line;
                        record.headerLine = lines.lineNumber();
                    }
                    continue;
                }
                record.add(line, lines.lineNumber(), options.maxRecordChars());
            }
            if (record.header != null) {
                good += emit(record, path, cwe, sink, skipper);
            }
        } catch (IOException e) {
            throw TextInput.unreadable(path, e);
        }
        skipper.finish(good);
        if (good == 0) {
            throw new DatasetException(path, 0, "no gadget records (a header line, statements, a 0/1 label line, "
                    + "records separated by a line of dashes)");
        }
    }

    private static int emit(Record record, Path path, String cwe, Consumer<Sample> sink, RecordSkipper skipper)
            throws DatasetException {
        Sample sample;
        try {
            sample = record.finish(path, cwe);
        } catch (DatasetException problem) {
            skipper.skip(problem);
            return 0;
        }
        sink.accept(sample);
        return 1;
    }

    /** One record being read. */
    private static final class Record {
        String header;
        long headerLine;
        final StringBuilder body = new StringBuilder(512);
        /** Blank lines not yet known to be inside the body (trailing blanks after the label are dropped). */
        int pendingBlanks;
        String last;
        long lastLine;
        int maxChars;
        boolean tooLong;

        void add(String line, long number, int cap) {
            maxChars = cap;
            if (line.isBlank()) {
                pendingBlanks++;
                return;
            }
            if (last != null && !tooLong) {
                if (body.length() > 0) {
                    body.append('\n');
                }
                body.append(last);
                for (int i = 0; i < pendingBlanks; i++) {
                    body.append('\n');
                }
                tooLong = body.length() > cap;
            }
            pendingBlanks = 0;
            last = line;
            lastLine = number;
        }

        Sample finish(Path path, String cwe) throws DatasetException {
            if (tooLong) {
                throw new DatasetException(path, headerLine, "record is longer than the record cap of "
                        + maxChars + " characters");
            }
            if (last == null) {
                throw new DatasetException(path, headerLine, "record has a header but no statements and no label");
            }
            String label = last.strip();
            if (!label.equals("0") && !label.equals("1")) {
                throw new DatasetException(path, lastLine, "the last line of a record must be its label 0 or 1, found '"
                        + abbreviate(label) + "'");
            }
            if (body.length() == 0) {
                throw new DatasetException(path, headerLine, "record has a label but no statements");
            }
            String h = header.strip();
            String[] tokens = h.split("\\s+");
            String id = tokens[0];
            String source = h.substring(id.length()).strip();
            String tag = null;
            int line = 0;
            if (tokens.length >= 4 && isNumber(tokens[tokens.length - 1])) {
                tag = tokens[tokens.length - 2];
                source = source.substring(0, source.lastIndexOf(tag)).strip();
                line = Integer.parseInt(tokens[tokens.length - 1]);
            }
            if (source.isEmpty()) {
                source = path.getFileName() == null ? path.toString() : path.getFileName().toString();
                line = (int) Math.min(Integer.MAX_VALUE, headerLine);
            }
            return new Sample(id, body.toString(), label.equals("1") ? 1 : 0, source, line, cwe, tag);
        }

        private static boolean isNumber(String s) {
            if (s.isEmpty() || s.length() > 9) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
