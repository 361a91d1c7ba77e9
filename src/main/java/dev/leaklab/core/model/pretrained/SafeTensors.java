package dev.leaklab.core.model.pretrained;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of JSON mapping
 * each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative to the data
 * section) plus an optional {@code "__metadata__"} object of strings, then the raw little-endian data.
 *
 * <p>The file is untrusted: the header length, every shape, dtype and offset pair are checked before any
 * tensor is allocated, so a corrupt or hostile file fails with one line {@code FILE: reason} instead of an
 * {@link OutOfMemoryError}. Data is read through a {@link FileChannel} a few megabytes at a time.
 */
public final class SafeTensors {

    /** Largest header accepted; real checkpoints have headers of a few hundred kilobytes. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** Largest number of elements one tensor may have: what a Java {@code float[]} holds. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private static final String METADATA = "__metadata__";
    private static final int CHUNK_BYTES = 4 << 20;
    // why: not the project-file mapper; these are foreign files, read as trees, where a repeated key must be
    // an error instead of silently taking the last value
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16)
                .maxStringLength((int) MAX_HEADER_BYTES)
                .build());
    }

    /** One header entry, checked: {@code end - begin} is exactly the bytes the shape and dtype call for. */
    record Entry(String name, DType dtype, long[] shape, long begin, long end) {
        int elements() {
            return (int) ((end - begin) / dtype.bytes());
        }
    }

    /** A checked header: entries in file order and where the data section starts. */
    record Header(Map<String, Entry> entries, Map<String, String> metadata, long dataStart) {
    }

    private SafeTensors() {
    }

    /**
     * Reads every tensor of a safetensors file, widened to {@code float}, keyed by name in header order.
     *
     * @throws PretrainedException {@code FILE: reason} when the file cannot be read, is malformed, or uses a
     *                             dtype LeakLab cannot read (the message names it)
     */
    public static Map<String, Tensor> read(Path file) throws PretrainedException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Header header = readHeader(channel, file);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry entry : header.entries().values()) {
                float[] data = new float[entry.elements()];
                readData(channel, header.dataStart() + entry.begin(), entry, data, chunk);
                tensors.put(entry.name(), new Tensor(entry.name(), entry.shape(), data));
            }
            return Collections.unmodifiableMap(tensors);
        } catch (EOFException e) {
            throw new PretrainedException(file, 0, "the file ended early; it may have been cut off", e);
        } catch (IOException e) {
            throw new PretrainedException(file, 0, "cannot read: " + describe(e), e);
        }
    }

    /**
     * The shape of every tensor, from the header alone, without reading any data: cheap even for a
     * gigabyte checkpoint.
     *
     * @throws PretrainedException {@code FILE: reason} as {@link #read} does for the header
     */
    public static Map<String, long[]> readShapes(Path file) throws PretrainedException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Map<String, long[]> shapes = new LinkedHashMap<>();
            readHeader(channel, file).entries().forEach((name, entry) -> shapes.put(name, entry.shape().clone()));
            return Collections.unmodifiableMap(shapes);
        } catch (IOException e) {
            throw new PretrainedException(file, 0, "cannot read: " + describe(e), e);
        }
    }

    /**
     * The string metadata of the header ({@code "__metadata__"}), e.g. {@code {"format": "pt"}}; empty when
     * there is none.
     *
     * @throws PretrainedException {@code FILE: reason} as {@link #read} does for the header
     */
    public static Map<String, String> readMetadata(Path file) throws PretrainedException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(channel, file).metadata();
        } catch (IOException e) {
            throw new PretrainedException(file, 0, "cannot read: " + describe(e), e);
        }
    }

    /**
     * Writes tensors as {@code F32}, sorted by name, laid out back to back, with the header padded to a
     * multiple of 8 bytes and metadata {@code {"format": "pt"}} (Hugging Face transformers refuses files
     * without a format).
     *
     * @param tensors keyed by name; each tensor's own name must equal its key
     */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        Map<String, Tensor> sorted = new TreeMap<>(tensors);
        ObjectNode header = MAPPER.createObjectNode();
        header.putObject(METADATA).put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
            Tensor tensor = e.getValue();
            if (e.getKey().isEmpty() || METADATA.equals(e.getKey()) || !e.getKey().equals(tensor.name())) {
                throw new IllegalArgumentException("cannot write tensor under key '" + e.getKey()
                        + "': keys must be non-empty, not " + METADATA + ", and equal to the tensor's name '"
                        + tensor.name() + "'");
            }
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", DType.F32.name());
            ArrayNode shape = entry.putArray("shape");
            for (long dim : tensor.shape()) {
                shape.add(dim);
            }
            long bytes = (long) tensor.data().length * Float.BYTES;
            entry.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = MAPPER.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer start = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
            start.putLong(padded).put(json);
            while (start.hasRemaining()) {
                start.put((byte) ' ');
            }
            writeFully(channel, start.flip());
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor tensor : sorted.values()) {
                float[] data = tensor.data();
                for (int from = 0; from < data.length; ) {
                    int count = Math.min(data.length - from, CHUNK_BYTES / Float.BYTES);
                    chunk.clear();
                    chunk.asFloatBuffer().put(data, from, count);
                    chunk.limit(count * Float.BYTES);
                    writeFully(channel, chunk);
                    from += count;
                }
            }
        }
    }

    /** Reads and checks the header; allocates nothing larger than the (bounded) header itself. */
    static Header readHeader(FileChannel channel, Path file) throws IOException, PretrainedException {
        long size = channel.size();
        if (size < 8) {
            throw new PretrainedException(file, "too short for a safetensors file (" + size + " bytes)");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lengthBytes, 0);
        long length = lengthBytes.flip().getLong();
        if (length <= 0 || length > MAX_HEADER_BYTES) {
            throw new PretrainedException(file, "header length " + Long.toUnsignedString(length)
                    + " is not between 1 and " + MAX_HEADER_BYTES + " bytes; not a safetensors file?");
        }
        if (8 + length > size) {
            throw new PretrainedException(file, "header length " + length + " runs past the end of the file ("
                    + size + " bytes); the file may have been cut off");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) length);
        readFully(channel, headerBytes, 8);
        JsonNode root;
        try {
            root = MAPPER.readTree(headerBytes.array());
        } catch (JsonProcessingException e) {
            throw new PretrainedException(file, 0, "header is not valid JSON: " + firstLine(e.getOriginalMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new PretrainedException(file, "header is not a JSON object");
        }
        long dataStart = 8 + length;
        long dataSize = size - dataStart;
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = Map.of();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (METADATA.equals(field.getKey())) {
                metadata = metadata(file, field.getValue());
            } else {
                entries.put(field.getKey(), entry(file, field.getKey(), field.getValue(), dataSize));
            }
        }
        List<Entry> byOffset = new ArrayList<>(entries.values());
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        for (int i = 1; i < byOffset.size(); i++) {
            Entry before = byOffset.get(i - 1);
            Entry after = byOffset.get(i);
            if (after.begin() < before.end()) {
                throw new PretrainedException(file, "tensors " + display(before.name()) + " " + offsets(before)
                        + " and " + display(after.name()) + " " + offsets(after) + " overlap");
            }
        }
        return new Header(Collections.unmodifiableMap(entries), metadata, dataStart);
    }

    private static Map<String, String> metadata(Path file, JsonNode node) throws PretrainedException {
        if (!node.isObject()) {
            throw new PretrainedException(file, METADATA + " is not a JSON object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new PretrainedException(file, METADATA + " entry " + display(e.getKey()) + " is not a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return Collections.unmodifiableMap(out);
    }

    private static Entry entry(Path file, String name, JsonNode node, long dataSize) throws PretrainedException {
        if (!node.isObject()) {
            throw new PretrainedException(file, "header entry " + display(name) + " is not a JSON object");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw new PretrainedException(file, "tensor " + display(name) + " has no dtype");
        }
        DType dtype = DType.parse(dtypeNode.textValue());
        if (dtype == null) {
            throw new PretrainedException(file, "tensor " + display(name) + " has unsupported dtype "
                    + display(dtypeNode.textValue()) + " (LeakLab reads " + DType.supported() + ")");
        }
        long[] shape = longs(node.get("shape"), -1);
        if (shape == null) {
            throw new PretrainedException(file, "tensor " + display(name)
                    + " has no valid shape (a list of whole numbers >= 0)");
        }
        boolean empty = Arrays.stream(shape).anyMatch(dim -> dim == 0);
        long elements = empty ? 0 : 1;
        for (long dim : shape) {
            if (!empty && dim > MAX_ELEMENTS / elements) {
                throw new PretrainedException(file, "tensor " + display(name) + " declares shape "
                        + Tensor.shapeText(shape) + ", more than the " + MAX_ELEMENTS
                        + " elements LeakLab can hold in one tensor");
            }
            elements *= dim;
        }
        long[] offsets = longs(node.get("data_offsets"), 2);
        if (offsets == null || offsets[0] > offsets[1]) {
            throw new PretrainedException(file, "tensor " + display(name) + " has no valid data_offsets [begin, end]");
        }
        if (offsets[1] > dataSize) {
            throw new PretrainedException(file, "tensor " + display(name) + " has data_offsets "
                    + Tensor.shapeText(offsets) + " past the end of the " + dataSize
                    + "-byte data section; the file may have been cut off");
        }
        long expected = elements * dtype.bytes();
        if (offsets[1] - offsets[0] != expected) {
            throw new PretrainedException(file, "tensor " + display(name) + " of shape " + Tensor.shapeText(shape)
                    + " and dtype " + dtype + " needs " + expected + " bytes, but its data_offsets "
                    + Tensor.shapeText(offsets) + " span " + (offsets[1] - offsets[0]));
        }
        return new Entry(name, dtype, shape, offsets[0], offsets[1]);
    }

    /** A JSON array of whole numbers >= 0 ({@code length} of them unless -1), or {@code null}. */
    private static long[] longs(JsonNode node, int length) {
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length) || node.size() > 64) {
            return null;
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode value = node.get(i);
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
                return null;
            }
            out[i] = value.longValue();
        }
        return out;
    }

    private static void readData(FileChannel channel, long position, Entry entry, float[] out, ByteBuffer chunk)
            throws IOException {
        int elementsPerChunk = chunk.capacity() / entry.dtype().bytes();
        for (int from = 0; from < out.length; ) {
            int count = Math.min(out.length - from, elementsPerChunk);
            chunk.clear().limit(count * entry.dtype().bytes());
            readFully(channel, chunk, position + (long) from * entry.dtype().bytes());
            chunk.flip();
            entry.dtype().read(chunk, out, from, count);
            from += count;
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException();
            }
            at += n;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static String offsets(Entry entry) {
        return "[" + entry.begin() + ", " + entry.end() + "]";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
    }

    /** A tensor name as error messages show it: quoted, control characters escaped, long names cut. */
    private static String display(String name) {
        return dev.leaklab.core.InputException.quote(name, 120);
    }
}
