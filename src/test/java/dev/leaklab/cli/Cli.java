package dev.leaklab.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process for tests, capturing what it prints. */
final class Cli {

    /** An exit code with what went to stdout and stderr. */
    record Result(int code, String out, String err) {
    }

    private Cli() {
    }

    /** Runs {@code leaklab ARGS}. */
    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LeakLabCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
