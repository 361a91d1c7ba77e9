package dev.leaklab.cli;

import dev.leaklab.core.data.DatasetFormat;
import dev.leaklab.core.experiment.DatasetSpec;
import java.util.List;
import picocli.CommandLine.Option;

/** The reader options every command that reads a dataset takes. */
final class DatasetOptions {

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "gadgets, jsonl, json, csv, juliet or folders (default: detected)")
    String format;

    @Option(names = "--code-field", paramLabel = "NAME", description = "JSON field or CSV column of the code")
    String codeField;

    @Option(names = "--label-field", paramLabel = "NAME", description = "JSON field or CSV column of the 0/1 label")
    String labelField;

    @Option(names = "--id-field", paramLabel = "NAME", description = "JSON field or CSV column of the sample id")
    String idField;

    @Option(names = "--cwe-field", paramLabel = "NAME", description = "JSON field or CSV column of the CWE")
    String cweField;

    @Option(names = "--strict", description = "reject a file at its first malformed record (default: skip it, with a warning)")
    boolean strict;

    @Option(names = "--encoding-fallback", paramLabel = "CHARSET",
            description = "charset for files that are not UTF-8, or none to reject them (default: latin1)")
    String encodingFallback;

    /** The dataset these options describe over {@code paths}. */
    DatasetSpec toSpec(List<String> paths) {
        if (format != null) {
            DatasetFormat.fromId(format);
        }
        return new DatasetSpec(paths, format, codeField, labelField, idField, cweField, strict, encodingFallback,
                null);
    }
}
