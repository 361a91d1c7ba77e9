package dev.leaklab.core.data;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Paths of the files inside a dataset tree, as samples record them. */
final class SourcePaths {

    private SourcePaths() {
    }

    /** {@code file} relative to {@code root}, with {@code /} separators on every platform. */
    static String relative(Path root, Path file) {
        StringBuilder s = new StringBuilder();
        for (Path part : root.relativize(file)) {
            if (s.length() > 0) {
                s.append('/');
            }
            s.append(part);
        }
        return s.toString();
    }

    /**
     * {@code CWE-121} from the first segment of {@code relativePath} that {@code segment} matches (its group 1
     * holds the number), or {@code null}.
     */
    static String cweOf(String relativePath, Pattern segment) {
        for (String part : relativePath.split("/")) {
            Matcher m = segment.matcher(part);
            if (m.matches()) {
                return "CWE-" + Integer.parseInt(m.group(1));
            }
        }
        return null;
    }
}
