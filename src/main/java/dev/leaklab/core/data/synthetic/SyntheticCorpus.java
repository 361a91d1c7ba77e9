package dev.leaklab.core.data.synthetic;

import dev.leaklab.core.code.SymbolicNormalizer;
import dev.leaklab.core.data.Sample;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A deterministic generator of realistic C functions, each vulnerable or the fixed twin of a vulnerable
 * one, across a dozen weakness patterns. It is the dataset of the bundled quickstart project, so the
 * application can train and attack a model without downloading anything.
 *
 * <p>The twins come from the same template with the same surface randomness (identifiers, buffer sizes,
 * control flow); only the fix differs, and the vulnerable variant often carries a check that looks like one
 * but does not fix anything. So neither names, strings nor length give the label away and a model has to
 * learn the pattern.
 *
 * <p>Each function also reports a trace id of its own, a number no other function in the corpus uses: half
 * of them (either label) report it three times, the others once. A model cannot learn anything general from
 * it, but a trace id repeated in a training function enters the vocabulary (the quickstart keeps tokens seen
 * at least twice), so the model can memorise that member by it; on code it never saw the id is unknown. This
 * is the per-sample detail a membership attack feeds on, the way real code carries its own constants and
 * strings, while the model still has to learn the patterns from the other half. Decorative statements and
 * branches around the core ({@link FunctionWriter}) are off: they slowed training and learning without
 * adding leakage; {@link Spec#decorated} puts them back.
 *
 * <p>Every function compiles ({@code gcc -fsyntax-only}) after {@link #prelude()}, and function names are
 * unique within a corpus, so a whole corpus can be compiled as one file. Instances cannot be created; all
 * members are static and thread-safe.
 */
public final class SyntheticCorpus {

    /** The corpus size of the quickstart project. */
    public static final int DEFAULT_FUNCTIONS = 12_000;

    /** The seed of the quickstart project. */
    public static final long DEFAULT_SEED = 20251208L;

    /** The largest corpus {@link Spec} accepts. */
    public static final int MAX_FUNCTIONS = 1_000_000;

    // how often a function whose normalised form was already generated is drawn again before it is kept
    private static final int MAX_ATTEMPTS = 8;

    // the share of functions that report their trace id three times (memorisable) rather than once
    private static final double REPEATED_TRACE_IDS = 0.5;

    // trace ids are drawn from [TRACE_ID_BASE, TRACE_ID_BASE + max(MIN_TRACE_ID_RANGE, 4 * functions))
    private static final int TRACE_ID_BASE = 10_000;
    private static final int MIN_TRACE_ID_RANGE = 90_000;

    /**
     * A weakness pattern.
     *
     * @param id    a short stable name, e.g. {@code stack-strcpy}; used as the sample tag and source file name
     * @param cwe   the weakness, e.g. {@code CWE-121}
     * @param title a one-line description
     */
    public record Pattern(String id, String cwe, String title) {

        /** Checks that no component is null. */
        public Pattern {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(cwe, "cwe");
            Objects.requireNonNull(title, "title");
        }
    }

    /**
     * What to generate.
     *
     * @param functions how many functions; at least two per pattern, so that every pattern has both labels,
     *                  and at most {@link #MAX_FUNCTIONS}
     * @param seed      the seed; the same spec always gives the same corpus
     * @param decorated whether functions also carry decorative statements and a branch around their core:
     *                  more surface variety, so a harder corpus to learn (the quickstart's has none)
     */
    public record Spec(int functions, long seed, boolean decorated) {

        /** A corpus without decoration, as the quickstart's. */
        public Spec(int functions, long seed) {
            this(functions, seed, false);
        }

        /** Checks the bounds of {@code functions}. */
        public Spec {
            int min = 2 * ENTRIES.size();
            if (functions < min || functions > MAX_FUNCTIONS) {
                throw new IllegalArgumentException("functions must be in [" + min + ", " + MAX_FUNCTIONS
                        + "], was " + functions);
            }
        }

        /** The quickstart corpus: {@link #DEFAULT_FUNCTIONS} functions with {@link #DEFAULT_SEED}. */
        public static Spec defaults() {
            return new Spec(DEFAULT_FUNCTIONS, DEFAULT_SEED);
        }
    }

    /** Writes one function of a pattern, vulnerable or fixed. */
    @FunctionalInterface
    interface Template {
        void write(FunctionWriter f, boolean vulnerable);
    }

    private record Entry(Pattern pattern, Template template) {
    }

    private static final List<Entry> ENTRIES = List.of(
            entry("stack-strcpy", "CWE-121", "Stack buffer overflow: unbounded string copy into a local array",
                    BufferTemplates::stackStrcpy),
            entry("heap-memcpy", "CWE-122", "Heap buffer overflow: memcpy with a length taken from input",
                    BufferTemplates::heapMemcpy),
            entry("index-write", "CWE-787", "Out-of-bounds write through an index taken from input",
                    BufferTemplates::indexWrite),
            entry("off-by-one", "CWE-193", "Off-by-one: a bound or size one element too large",
                    BufferTemplates::offByOne),
            entry("format-string", "CWE-134", "Externally controlled format string", InputTemplates::formatString),
            entry("use-after-free", "CWE-416", "Use of heap memory after it was freed",
                    LifetimeTemplates::useAfterFree),
            entry("double-free", "CWE-415", "The same heap block freed twice", LifetimeTemplates::doubleFree),
            entry("malloc-null", "CWE-690", "Allocation result used without a NULL check",
                    LifetimeTemplates::mallocNull),
            entry("alloc-overflow", "CWE-680", "Integer overflow in an allocation size, then a buffer overflow",
                    BufferTemplates::allocOverflow),
            entry("command-injection", "CWE-78", "OS command built from unvalidated input",
                    InputTemplates::commandInjection),
            entry("uninit-read", "CWE-457", "Read of a variable that is not initialised on every path",
                    InputTemplates::uninitRead),
            entry("leak-on-error", "CWE-401", "Heap memory not released on an error path",
                    LifetimeTemplates::leakOnError));

    private static final List<Pattern> PATTERNS = ENTRIES.stream().map(Entry::pattern).toList();

    private static final String PRELUDE = String.join("\n",
            "#define _POSIX_C_SOURCE 200809L",
            "#include <ctype.h>",
            "#include <limits.h>",
            "#include <stdint.h>",
            "#include <stdio.h>",
            "#include <stdlib.h>",
            "#include <string.h>",
            "",
            "struct request { int id; int status; int retries; unsigned int flags; size_t length; char *body; };",
            "struct session { int fd; int state; unsigned long bytes_in; unsigned long bytes_out; "
                    + "unsigned int flags; };",
            "struct config { int verbose; int max_items; unsigned int flags; const char *path; };",
            "struct record { int kind; int count; size_t size; char *data; };",
            "struct buffer { unsigned char *data; size_t used; size_t cap; };",
            "struct node { int value; struct node *next; };",
            "",
            "extern int debug_level;",
            "extern unsigned long total_requests;",
            "",
            "void log_msg(const char *msg);",
            "void log_error(const char *msg, int code);",
            "void trace_event(int id);",
            "void record_stat(int value);",
            "int read_input(char *dst, size_t cap);",
            "int consume(const char *data, int len);",
            "int lookup_id(const char *key);",
            "int validate(const char *text);",
            "int send_data(const unsigned char *data, size_t len);",
            "unsigned int read_u32(const unsigned char *p);",
            "");

    private SyntheticCorpus() {
    }

    private static Entry entry(String id, String cwe, String title, Template template) {
        return new Entry(new Pattern(id, cwe, title), template);
    }

    /** The weakness patterns, in a fixed order. */
    public static List<Pattern> patterns() {
        return PATTERNS;
    }

    /**
     * The C declarations every generated function compiles against: a few standard headers, the structs
     * it uses and prototypes of the helpers it calls ({@code log_msg}, {@code read_input}, ...).
     */
    public static String prelude() {
        return PRELUDE;
    }

    /**
     * Generates {@code spec.functions()} samples: exactly half (rounded down) vulnerable, the patterns
     * spread evenly with both labels each, in a shuffled order. Sample ids run {@code gen-00001},
     * {@code gen-00002}, ...; the source is {@code synthetic/<pattern-id>.c}, the line 1, the CWE the
     * pattern's and the tag the pattern id.
     */
    public static List<Sample> generate(Spec spec) {
        Objects.requireNonNull(spec, "spec");
        int n = spec.functions();
        SplittableRandom root = new SplittableRandom(spec.seed());
        int[] slots = new int[n];
        for (int k = 0; k < n; k++) {
            // pairs (2j, 2j+1) share a pattern, the odd one vulnerable: floor(n/2) vulnerable in all
            slots[k] = ((k / 2) % ENTRIES.size()) * 2 + (k % 2);
        }
        for (int k = n - 1; k > 0; k--) {
            int j = root.nextInt(k + 1);
            int t = slots[k];
            slots[k] = slots[j];
            slots[j] = t;
        }
        SymbolicNormalizer normalizer = new SymbolicNormalizer();
        // membership tests only; iteration order never matters, so the output stays deterministic
        Set<String> functionNames = new HashSet<>();
        Set<String> shapes = new HashSet<>();
        Set<Integer> traceIds = new HashSet<>();
        int traceIdRange = Math.max(MIN_TRACE_ID_RANGE, 4 * n);
        List<Sample> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            Entry entry = ENTRIES.get(slots[k] / 2);
            boolean vulnerable = slots[k] % 2 == 1;
            SplittableRandom rnd = root.split();
            // why: its own stream, so that the templates draw the same as without trace ids
            SplittableRandom traceRnd = new SplittableRandom(spec.seed() * 31 + k);
            boolean repeated = traceRnd.nextDouble() < REPEATED_TRACE_IDS;
            int traceId;
            do {
                traceId = TRACE_ID_BASE + traceRnd.nextInt(traceIdRange);
            } while (!traceIds.add(traceId));
            String[] traceLines = new String[repeated ? 3 : 1];
            for (int i = 0; i < traceLines.length; i++) {
                traceLines[i] = switch (traceRnd.nextInt(3)) {
                    case 0 -> "trace_event(" + traceId + ");";
                    case 1 -> "record_stat(" + traceId + ");";
                    default -> "total_requests += " + traceId + ";";
                };
            }
            String code = null;
            String name = null;
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                FunctionWriter writer = new FunctionWriter(rnd, spec.decorated());
                entry.template().write(writer, vulnerable);
                for (String line : traceLines) {
                    writer.prependLine(line);
                }
                name = functionName(rnd, functionNames);
                code = writer.render(name);
                // training and test splits drawn from this corpus should not share a function up to renaming
                if (shapes.add(String.join(" ", normalizer.normalize(code)))) {
                    break;
                }
            }
            functionNames.add(name);
            Pattern p = entry.pattern();
            out.add(new Sample(String.format(Locale.ROOT, "gen-%05d", k + 1), code,
                    vulnerable ? Sample.VULNERABLE : Sample.NOT_VULNERABLE, "synthetic/" + p.id() + ".c", 1,
                    p.cwe(), p.id()));
        }
        return List.copyOf(out);
    }

    /** A realistic function name not yet used in the corpus. */
    private static String functionName(SplittableRandom rnd, Set<String> taken) {
        String name = null;
        for (int attempt = 0; attempt < 16; attempt++) {
            name = pick(rnd, Words.MODULES) + pick(rnd, Words.VERBS) + "_" + pick(rnd, Words.NOUNS)
                    + pick(rnd, Words.FUNCTION_SUFFIXES);
            if (!taken.contains(name) && !Words.RESERVED.contains(name)) {
                return name;
            }
        }
        for (int suffix = 2; ; suffix++) {
            String candidate = name + "_" + suffix;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    private static String pick(SplittableRandom rnd, String[] options) {
        return options[rnd.nextInt(options.length)];
    }
}
