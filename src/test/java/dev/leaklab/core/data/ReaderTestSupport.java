package dev.leaklab.core.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes small dataset files and reads them back. */
final class ReaderTestSupport {
    private ReaderTestSupport() {
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    static Path writeBytes(Path dir, String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    static List<Sample> read(DatasetFormat format, Path file) throws DatasetException {
        return read(format, file, ReaderOptions.defaults());
    }

    static List<Sample> read(DatasetFormat format, Path file, ReaderOptions options) throws DatasetException {
        List<Sample> samples = new ArrayList<>();
        DatasetLoader.reader(format).read(file, options, samples::add);
        return samples;
    }
}
