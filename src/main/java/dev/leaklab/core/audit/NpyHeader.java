package dev.leaklab.core.audit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy {@code .npy} array, parsed and checked in Java before any native reader sees the
 * bytes: the magic string, the format version, the dtype (little-endian or single-byte numbers and booleans
 * only), C order, and a shape whose data fits exactly in the bytes that follow. Why here: ND4J's native
 * reader trusts the header, so a file that claims more data than it holds would make it read past the end.
 *
 * @param dtype      NumPy's type string, {@code <f4}
 * @param shape      the dimensions
 * @param dataOffset where the data starts
 * @param itemSize   bytes per value
 * @param integral   whether the values are integers or booleans
 */
public record NpyHeader(String dtype, long[] shape, int dataOffset, int itemSize, boolean integral) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Map<String, Integer> FLOATS = Map.of("<f4", 4, "<f8", 8, "<f2", 2);
    private static final Map<String, Integer> INTEGERS = Map.of("<i8", 8, "<i4", 4, "<i2", 2, "|i1", 1, "|u1", 1,
            "|b1", 1, "<u2", 2, "<u4", 4, "<u8", 8);
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Number of values. */
    public long count() {
        long c = 1;
        for (long d : shape) {
            c *= d;
        }
        return c;
    }

    /**
     * Parses the header of an array whose file (or archive entry) is {@code length} bytes long, given at least
     * its first bytes in {@code head}.
     *
     * @throws IllegalArgumentException with the reason, in a user's words, when it is not an array LeakLab reads
     */
    public static NpyHeader parse(byte[] head, long length) {
        if (head.length < 10 || !java.util.Arrays.equals(java.util.Arrays.copyOf(head, 6), MAGIC)) {
            throw new IllegalArgumentException("not a NumPy .npy array (no \\x93NUMPY magic)");
        }
        int major = head[6];
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int start;
        if (major == 1) {
            headerLength = b.getShort(8) & 0xFFFF;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (head.length < 12) {
                throw new IllegalArgumentException("the .npy header is cut short");
            }
            headerLength = b.getInt(8) & 0xFFFFFFFFL;
            start = 12;
        } else {
            throw new IllegalArgumentException(".npy format version " + major + " is not one NumPy writes (1 to 3)");
        }
        if (headerLength > 1 << 16 || start + headerLength > length || start + headerLength > head.length) {
            throw new IllegalArgumentException("the .npy header claims " + headerLength + " bytes, more than the "
                    + "file holds");
        }
        String dict = new String(head, start, (int) headerLength, StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(dict);
        Matcher fortran = FORTRAN.matcher(dict);
        Matcher shapeText = SHAPE.matcher(dict);
        if (!descr.find() || !fortran.find() || !shapeText.find()) {
            throw new IllegalArgumentException("the .npy header is not a NumPy header (descr, fortran_order, shape)");
        }
        String dtype = descr.group(1);
        Integer size = FLOATS.get(dtype);
        boolean integral = false;
        if (size == null) {
            size = INTEGERS.get(dtype);
            integral = true;
        }
        if (size == null) {
            throw new IllegalArgumentException("dtype '" + dtype.replaceAll("[^ -~]", "?") + "' is not one LeakLab "
                    + "reads: numbers (little-endian floats or integers) or booleans; write ids as integers, or use "
                    + "a CSV or JSON Lines outputs file");
        }
        if (fortran.group(1).equals("True")) {
            throw new IllegalArgumentException("the array is in Fortran order; save it with "
                    + "numpy.ascontiguousarray first");
        }
        List<Long> dims = new ArrayList<>();
        for (String part : shapeText.group(1).split(",")) {
            String t = part.strip();
            if (t.isEmpty()) {
                continue;
            }
            try {
                long d = Long.parseLong(t.endsWith("L") ? t.substring(0, t.length() - 1) : t);
                if (d < 0) {
                    throw new NumberFormatException();
                }
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the .npy shape (" + shapeText.group(1).replaceAll("[^ -~]", "?")
                        + ") is not a list of sizes", e);
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long d : shape) {
            if (d != 0 && count > Long.MAX_VALUE / 8 / d) {
                throw new IllegalArgumentException("the .npy shape claims more values than any file holds");
            }
            count *= d;
        }
        long data = length - start - headerLength;
        if (count * size != data) {
            throw new IllegalArgumentException("the .npy header claims " + count + " values of " + size + " bytes ("
                    + count * size + " bytes), but " + data + " bytes follow it");
        }
        return new NpyHeader(dtype, shape, (int) (start + headerLength), size, integral);
    }
}
