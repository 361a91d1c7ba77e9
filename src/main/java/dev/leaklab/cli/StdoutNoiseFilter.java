package dev.leaklab.cli;

import java.io.PrintStream;

/**
 * Keeps a library's debug lines out of standard output, where they would corrupt {@code --json} results:
 * ND4J's SameDiff prints "Added differentiated op ..." with {@code System.out.println} whenever it builds a
 * gradient graph (the encoder does so for every new network).
 */
final class StdoutNoiseFilter extends PrintStream {

    private static final String NOISE = "Added differentiated op ";

    private StdoutNoiseFilter(PrintStream target) {
        super(target, true);
    }

    /** Wraps the process's standard output once. */
    static synchronized void install() {
        if (!(System.out instanceof StdoutNoiseFilter)) {
            System.setOut(new StdoutNoiseFilter(System.out));
        }
    }

    @Override
    public void println(String line) {
        if (line == null || !line.startsWith(NOISE)) {
            super.println(line);
        }
    }
}
