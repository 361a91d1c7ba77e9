package dev.leaklab.core.code.bpe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * GPT-2's {@code bytes_to_unicode} table: every byte gets a printable character, so BPE can work on strings
 * without whitespace or control characters, and any byte sequence (hence any text) stays representable.
 * Printable Latin-1 bytes map to themselves; the 68 others map to U+0100 onwards in byte order.
 */
final class ByteLevelAlphabet {

    /** Number of byte symbols, one per byte value. */
    static final int SIZE = 256;

    private static final char[] BYTE_TO_CHAR = new char[SIZE];
    private static final int[] CHAR_TO_BYTE;

    static {
        boolean[] printable = new boolean[SIZE];
        for (int b = '!'; b <= '~'; b++) {
            printable[b] = true;
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            printable[b] = true;
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            printable[b] = true;
        }
        int next = SIZE;
        for (int b = 0; b < SIZE; b++) {
            BYTE_TO_CHAR[b] = (char) (printable[b] ? b : next++);
        }
        CHAR_TO_BYTE = new int[next];
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        for (int b = 0; b < SIZE; b++) {
            CHAR_TO_BYTE[BYTE_TO_CHAR[b]] = b;
        }
    }

    private ByteLevelAlphabet() {
    }

    /** The character that stands for byte {@code b} (0..255). */
    static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte a character stands for, or -1 when it is not one of the 256 byte symbols. */
    static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /**
     * The text's UTF-8 bytes, each replaced by its symbol; unpaired surrogates become '?', as UTF-8 has no form
     * for them.
     */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] chars = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            chars[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        }
        return new String(chars);
    }

    /**
     * The bytes that byte-level symbols stand for, read back as UTF-8 (invalid sequences become U+FFFD). A
     * character that is not a byte symbol, which only a hand-written vocabulary can contain, stands for its
     * own UTF-8 bytes.
     */
    static String decode(CharSequence symbols) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(symbols.length());
        for (int i = 0; i < symbols.length(); i++) {
            char c = symbols.charAt(i);
            int b = byteOf(c);
            if (b >= 0) {
                bytes.write(b);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < symbols.length()
                        && Character.isLowSurrogate(symbols.charAt(i + 1)) ? i + 2 : i + 1;
                bytes.writeBytes(symbols.subSequence(i, end).toString().getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
