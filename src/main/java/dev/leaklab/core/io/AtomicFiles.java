package dev.leaklab.core.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * Replaces a file so that whoever reads it next, including LeakLab after a crash, a {@code kill -9} or a full
 * disk, finds either the complete previous content or the complete new content, never a mix or a truncation.
 *
 * <p>The new content goes to a temporary file in the same folder, named {@code .NAME.<digits>.tmp}, which is
 * flushed and forced to the disk; the previous version is kept as {@code NAME.backup} when asked (written the
 * same way); then the temporary file is renamed over {@code NAME} with {@link StandardCopyOption#ATOMIC_MOVE}
 * and the folder is forced so the rename itself survives a power cut. On any failure the temporary file is
 * deleted and {@code NAME} is untouched. Temporary files that a killed process left behind are recognised by
 * their name and deleted by the next write of the same file.
 *
 * <p>Projects, results, exports (report, charts, metrics), tokenizer files and the model cache's outputs and
 * markers go through this class, so that there is one implementation of this to get right.
 */
public final class AtomicFiles {

    /** The suffix of the previous version that {@link #writeKeepingBackup} keeps beside the file. */
    public static final String BACKUP_SUFFIX = ".backup";

    private static final String TEMP_SUFFIX = ".tmp";
    private static final int BUFFER_BYTES = 1 << 16;
    private static final AtomicFiles STANDARD = new AtomicFiles(UnaryOperator.identity());

    // why: the next write of a file deletes the temporary files of earlier ones; two threads of this JVM
    // writing the same file at once must not delete each other's, so writes of one file take turns. (Another
    // process writing the same file at the same moment may lose its temporary file: its write then fails with
    // an error, never with a torn file.)
    private static final ConcurrentHashMap<Path, Object> TURNS = new ConcurrentHashMap<>();

    private final UnaryOperator<OutputStream> toTemporaryFile;

    /**
     * A writer whose stream to each temporary file is passed through {@code toTemporaryFile} first. The seam for
     * tests that fail a write half-way, as a full disk does; production code uses {@link #standard()}.
     */
    AtomicFiles(UnaryOperator<OutputStream> toTemporaryFile) {
        this.toTemporaryFile = toTemporaryFile;
    }

    /** The writer for the real disk. */
    public static AtomicFiles standard() {
        return STANDARD;
    }

    /** Puts what goes into a file on the stream it is given; closing that stream only flushes it. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole content.
         *
         * @param out the stream to the temporary file, buffered
         * @throws IOException when the content cannot be produced or written; the file is then left as it was
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code file} with {@code bytes}, creating its folder if needed.
     *
     * @throws WriteFailedException naming the file and the reason; {@code file} is then as it was
     */
    public void write(Path file, byte[] bytes) throws WriteFailedException {
        replace(file, out -> out.write(bytes), false);
    }

    /**
     * Replaces {@code file} with what {@code content} writes, creating its folder if needed. For content too
     * large to hold in memory at once.
     *
     * @throws WriteFailedException naming the file and the reason; {@code file} is then as it was
     */
    public void write(Path file, Content content) throws WriteFailedException {
        replace(file, content, false);
    }

    /**
     * Replaces {@code file} with {@code bytes} as {@link #write(Path, byte[])} does, first keeping the previous
     * version, if any, as {@link #backupOf backupOf(file)}.
     *
     * @throws WriteFailedException naming the file and the reason; {@code file} is then as it was
     */
    public void writeKeepingBackup(Path file, byte[] bytes) throws WriteFailedException {
        replace(file, out -> out.write(bytes), true);
    }

    /** Where {@link #writeKeepingBackup} keeps the previous version of {@code file}: {@code NAME.backup}. */
    public static Path backupOf(Path file) {
        return file.resolveSibling(file.getFileName() + BACKUP_SUFFIX);
    }

    /**
     * Whether {@code candidate} is a temporary file of a write of a file named {@code name} in the same folder,
     * or of that file's backup: {@code .NAME.<digits>.tmp} or {@code .NAME.backup.<digits>.tmp}.
     */
    public static boolean isTemporaryFileOf(Path candidate, String name) {
        String s = candidate.getFileName().toString();
        String prefix = "." + name + ".";
        if (!s.startsWith(prefix) || !s.endsWith(TEMP_SUFFIX) || s.length() <= prefix.length() + TEMP_SUFFIX.length()) {
            return false;
        }
        String middle = s.substring(prefix.length(), s.length() - TEMP_SUFFIX.length());
        if (middle.startsWith(BACKUP_SUFFIX.substring(1) + ".")) {
            middle = middle.substring(BACKUP_SUFFIX.length());
        }
        // why: digits only, so that the temporary files of "a" are never confused with those of "a.1"
        return !middle.isEmpty() && middle.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private void replace(Path file, Content content, boolean keepBackup) throws WriteFailedException {
        Path target = file.toAbsolutePath().normalize();
        Path dir = target.getParent();
        synchronized (TURNS.computeIfAbsent(target, t -> new Object())) {
            Path temp = null;
            try {
                Files.createDirectories(dir);
                deleteLeftovers(dir, target.getFileName().toString());
                temp = writeTemporary(target, content);
                if (keepBackup && Files.isRegularFile(target)) {
                    Path backup = backupOf(target);
                    moveOver(writeTemporary(backup, out -> Files.copy(target, out)), backup);
                }
                // why: no fallback to a plain move: the temporary file is in the same folder, so the rename is
                // atomic on every file system LeakLab meets; one that refuses gets an error, not a torn file
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                temp = null;
                forceFolder(dir);
            } catch (IOException e) {
                throw new WriteFailedException(target, reason(e, target), e);
            } finally {
                deleteQuietly(temp);
            }
        }
    }

    /** Writes a fresh temporary file beside {@code file} and forces it to the disk; deletes it on failure. */
    private Path writeTemporary(Path file, Content content) throws IOException {
        Path temp = createTemporary(file);
        boolean written = false;
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
             OutputStream out = new BufferedOutputStream(toTemporaryFile.apply(Channels.newOutputStream(channel)),
                     BUFFER_BYTES)) {
            content.writeTo(new KeptOpen(out));
            out.flush();
            channel.force(true);
            written = true;
        } finally {
            if (!written) {
                deleteQuietly(temp);
            }
        }
        return temp;
    }

    /** A new, empty file named {@code .NAME.<digits>.tmp} beside {@code file}. */
    private static Path createTemporary(Path file) throws IOException {
        while (true) {
            Path temp = file.resolveSibling("." + file.getFileName() + "."
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + TEMP_SUFFIX);
            try {
                // why: not Files.createTempFile, which makes the file (and so the saved file) owner-only
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException taken) {
                // a name another write holds: draw again
            }
        }
    }

    private static void moveOver(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /** Deletes the temporary files of earlier writes of {@code name} that died before they finished. */
    private static void deleteLeftovers(Path dir, String name) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> isTemporaryFileOf(p, name))) {
            for (Path leftover : entries) {
                deleteQuietly(leftover);
            }
        }
    }

    /** Forces the folder's entries (the rename) to the disk, where the platform allows it. */
    private static void forceFolder(Path dir) {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException | RuntimeException e) {
            // why: Windows cannot open a folder this way, and there the rename is durable without it; the new
            // content is already in place, so this is never a reason to report the write as failed
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // why: the write has already succeeded or failed with its own message; the next write retries this
        }
    }

    /** One line a user can act on: the OS's reason, and the other file when it is not the one written. */
    private static String reason(IOException e, Path target) {
        String reason;
        if (e instanceof FileSystemException f) {
            reason = f.getReason() != null ? f.getReason()
                    : f instanceof AccessDeniedException ? "permission denied"
                    : f instanceof NoSuchFileException ? "no such file or folder"
                    : f instanceof FileAlreadyExistsException ? "a file is in the way"
                    : f instanceof NotDirectoryException ? "not a folder"
                    : f.getClass().getSimpleName();
            if (f.getFile() != null && !f.getFile().equals(target.toString())) {
                reason += " (" + f.getFile() + ")";
            }
        } else {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        int newline = reason.indexOf('\n');
        return newline < 0 ? reason : reason.substring(0, newline);
    }

    /**
     * The stream handed to {@link Content}: closing it only flushes, so content that closes its stream (a
     * Jackson generator does by default) cannot close the channel before it is forced to the disk.
     */
    private static final class KeptOpen extends FilterOutputStream {
        KeptOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
