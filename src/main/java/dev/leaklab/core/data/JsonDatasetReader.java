package dev.leaklab.core.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads JSON Lines (one object a line) or one JSON array of objects, streaming either way. Field names are
 * configurable; the defaults cover Devign and CodeXGLUE ({@code func}, {@code target}), DiverseVul and
 * PrimeVul ({@code func}, {@code target}, {@code cwe} as a list, {@code project}).
 */
public final class JsonDatasetReader implements DatasetReader {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final DatasetFormat format;

    /** A reader of {@link DatasetFormat#JSONL} or {@link DatasetFormat#JSON}. */
    public JsonDatasetReader(DatasetFormat format) {
        if (format != DatasetFormat.JSONL && format != DatasetFormat.JSON) {
            throw new IllegalArgumentException("not a JSON format: " + format);
        }
        this.format = format;
    }

    @Override
    public DatasetFormat format() {
        return format;
    }

    @Override
    public void read(Path path, ReaderOptions options, Consumer<Sample> sink) throws DatasetException {
        if (format == DatasetFormat.JSONL) {
            readLines(path, options, sink);
        } else {
            readArray(path, options, sink);
        }
    }

    private void readLines(Path path, ReaderOptions options, Consumer<Sample> sink) throws DatasetException {
        RecordSkipper skipper = new RecordSkipper(path, options, sink);
        long good = 0;
        try (LineInput lines = new LineInput(path, options)) {
            RecordFields fields = null;
            long number = 0;
            for (String line = lines.next(); line != null; line = lines.next()) {
                if (line.isBlank()) {
                    continue;
                }
                long lineNo = lines.lineNumber();
                number++;
                ObjectNode object;
                try {
                    object = parseLine(path, lineNo, line);
                } catch (DatasetException problem) {
                    skipper.skip(problem);
                    continue;
                }
                if (fields == null) {
                    fields = resolve(path, lineNo, options, object);
                }
                try {
                    sink.accept(fields.sample(accessor(object), lineNo, number));
                    good++;
                } catch (DatasetException problem) {
                    skipper.skip(problem);
                }
            }
            if (number == 0) {
                throw new DatasetException(path, 0, "no records (only blank lines)");
            }
        } catch (IOException e) {
            throw TextInput.unreadable(path, e);
        }
        skipper.finish(good);
    }

    private static ObjectNode parseLine(Path path, long lineNo, String line) throws DatasetException {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new DatasetException(path, lineNo, describe(e), e);
        }
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw new DatasetException(path, lineNo, "expected one JSON object a line, found "
                + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
    }

    private void readArray(Path path, ReaderOptions options, Consumer<Sample> sink) throws DatasetException {
        try (BufferedReader reader = TextInput.open(path, options);
             JsonParser parser = MAPPER.getFactory().createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw new DatasetException(path, line(parser.currentTokenLocation()),
                        "expected a JSON array of objects" + (first == JsonToken.START_OBJECT
                                ? " (an object starts the file: for one object a line use --format jsonl)" : ""));
            }
            RecordSkipper skipper = new RecordSkipper(path, options, sink);
            RecordFields fields = null;
            long number = 0;
            long good = 0;
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                if (t == null) {
                    throw new DatasetException(path, line(parser.currentLocation()),
                            "truncated JSON: the array is not closed");
                }
                long lineNo = line(parser.currentTokenLocation());
                if (t != JsonToken.START_OBJECT) {
                    throw new DatasetException(path, lineNo, "expected an object in the array, found " + t.asString());
                }
                ObjectNode object = MAPPER.readTree(parser);
                if (fields == null) {
                    fields = resolve(path, lineNo, options, object);
                }
                try {
                    sink.accept(fields.sample(accessor(object), lineNo, ++number));
                    good++;
                } catch (DatasetException problem) {
                    skipper.skip(problem);
                }
            }
            if (parser.nextToken() != null) {
                throw new DatasetException(path, line(parser.currentTokenLocation()),
                        "unexpected content after the closing ]");
            }
            if (fields == null) {
                throw new DatasetException(path, 0, "no records (the array is empty)");
            }
            skipper.finish(good);
        } catch (JsonProcessingException e) {
            throw new DatasetException(path, line(e.getLocation()), describe(e), e);
        } catch (IOException e) {
            throw TextInput.unreadable(path, e);
        }
    }

    private static RecordFields resolve(Path path, long line, ReaderOptions options, ObjectNode first)
            throws DatasetException {
        List<String> names = new ArrayList<>();
        first.fieldNames().forEachRemaining(names::add);
        RecordFields.Accessor values = accessor(first);
        return RecordFields.resolve(path, line, options, first::has, names, values::text);
    }

    private static RecordFields.Accessor accessor(ObjectNode object) {
        return new RecordFields.Accessor() {
            @Override
            public boolean has(String field) {
                return object.has(field);
            }

            @Override
            public String text(String field) {
                JsonNode value = object.get(field);
                if (value == null || value.isNull() || value.isMissingNode()) {
                    return null;
                }
                if (value.isArray()) {
                    return value.isEmpty() ? null : value.get(0).asText();
                }
                return value.isValueNode() ? value.asText() : value.toString();
            }
        };
    }

    private static long line(JsonLocation location) {
        return location == null ? 0 : Math.max(0, location.getLineNr());
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof JsonEOFException || String.valueOf(e.getOriginalMessage()).startsWith("Unexpected end-of-input")) {
            return "truncated JSON: unexpected end of input";
        }
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        return "invalid JSON: " + (newline >= 0 ? message.substring(0, newline) : message);
    }
}
