package dev.leaklab.core.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * Reads CSV with a header row (RFC 4180: quoted fields may hold commas, quotes and line breaks) through
 * Apache Commons CSV. Columns are configurable; the defaults cover Big-Vul ({@code func_before},
 * {@code vul}, {@code CWE ID}).
 */
public final class CsvDatasetReader implements DatasetReader {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setAllowMissingColumnNames(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_EMPTY)
            .setIgnoreEmptyLines(true)
            .get();

    @Override
    public DatasetFormat format() {
        return DatasetFormat.CSV;
    }

    @Override
    public void read(Path path, ReaderOptions options, Consumer<Sample> sink) throws DatasetException {
        try (BufferedReader reader = TextInput.open(path, options);
             CSVParser parser = parse(path, reader)) {
            Map<String, Integer> header = parser.getHeaderMap();
            List<String> names = parser.getHeaderNames();
            RecordFields fields = RecordFields.resolve(path, 1, options, header::containsKey, names);
            Iterator<CSVRecord> records = parser.iterator();
            RecordSkipper skipper = new RecordSkipper(path, options, sink);
            long number = 0;
            long good = 0;
            long start = parser.getCurrentLineNumber() + 1;
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    throw new DatasetException(path, start, describe(e), e);
                }
                long line = start;
                start = parser.getCurrentLineNumber() + 1;
                number++;
                try {
                    if (record.size() != names.size()) {
                        throw new DatasetException(path, line, "record has " + record.size()
                                + " fields, the header has " + names.size());
                    }
                    sink.accept(fields.sample(accessor(record), line, number));
                    good++;
                } catch (DatasetException problem) {
                    skipper.skip(problem);
                }
            }
            if (number == 0) {
                throw new DatasetException(path, 0, "no records after the header");
            }
            skipper.finish(good);
        } catch (IOException e) {
            throw TextInput.unreadable(path, e);
        }
    }

    private static CSVParser parse(Path path, BufferedReader reader) throws DatasetException {
        try {
            return CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new DatasetException(path, 1, "bad CSV header: " + firstLine(e.getMessage()), e);
        }
    }

    private static RecordFields.Accessor accessor(CSVRecord record) {
        return new RecordFields.Accessor() {
            @Override
            public boolean has(String field) {
                return record.isMapped(field);
            }

            @Override
            public String text(String field) {
                return record.isSet(field) ? record.get(field) : null;
            }
        };
    }

    private static String describe(RuntimeException e) {
        String message = firstLine(e.getMessage());
        if (message.contains("EOF reached before encapsulated token finished")) {
            return "unterminated quoted field (a \" opened here is never closed)";
        }
        if (message.contains("invalid char between encapsulated token and delimiter")) {
            return "text after a closing quote (a quote inside a quoted field must be doubled)";
        }
        return "bad CSV: " + message.replaceFirst("^.*?IOException: ", "");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline >= 0 ? message.substring(0, newline) : message;
    }
}
