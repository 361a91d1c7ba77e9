package dev.leaklab.core.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * An {@link AtomicFiles} on a disk that fills up: each temporary file takes {@code bytes} bytes, then a write
 * fails as the OS fails it, with {@code No space left on device}. For tests outside this package.
 */
public final class FullDisk {

    /** The message Linux gives for ENOSPC. */
    public static final String NO_SPACE = "No space left on device";

    private FullDisk() {
    }

    /** A writer whose every temporary file is full after {@code bytes} bytes. */
    public static AtomicFiles after(long bytes) {
        return new AtomicFiles(out -> new FillingUp(out, bytes));
    }

    /** Passes bytes through until the limit, writing as much as fits first, as a real disk does. */
    private static final class FillingUp extends FilterOutputStream {
        private long room;

        FillingUp(OutputStream out, long room) {
            super(out);
            this.room = room;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            int fits = (int) Math.min(len, room);
            out.write(b, off, fits);
            room -= fits;
            if (fits < len) {
                throw new IOException(NO_SPACE);
            }
        }
    }
}
