package dev.leaklab.core.code;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Symbolic normalisation as in VulDeePecker (Li et al., NDSS 2018) and SySeVR (Li et al., TDSC 2021):
 * user-defined functions become {@code FUN1, FUN2, ...} and user-defined variables (and user types and
 * macros) {@code VAR1, VAR2, ...}, numbered per sample in order of first use; keywords, operators and
 * library or API names are kept; literals are optionally folded. A name is a function when it is ever
 * followed by {@code (} in the sample.
 *
 * <p>Because every name that is not a keyword or a known library name is replaced, names that carry the
 * label in test suites ({@code CWE121_..._bad}, {@code goodG2B}, {@code badSink}) never survive.
 * Instances are immutable and thread-safe.
 */
public final class SymbolicNormalizer {

    /** The names kept as they are, besides keywords. */
    public static final Set<String> LIBRARY_NAMES = loadLibraryNames();

    private static final int NAMED_SYMBOLS = 512;
    private static final String[] VAR_NAMES = symbols("VAR");
    private static final String[] FUN_NAMES = symbols("FUN");

    /** How many distinct token texts {@link #shared} keeps at most. */
    private static final int SHARED_TEXTS = 1 << 16;

    private final CLexer lexer = new CLexer();
    private final NormalizerOptions options;
    /**
     * One String for each token text this normaliser has put out. Why: a corpus keeps its token texts for the
     * whole run, and a fresh "int", "memcpy" or "0" for every occurrence was 230,000 of the 300,000 strings
     * alive while the quickstart trains; every young collection copied them, one by one, until they were
     * promoted (collections of 50 to 160 ms as training starts). Bounded, so a corpus of unique literals
     * cannot grow it without end.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, String> texts =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A normaliser with {@link NormalizerOptions#defaults()}. */
    public SymbolicNormalizer() {
        this(NormalizerOptions.defaults());
    }

    /** A normaliser with the given options. */
    public SymbolicNormalizer(NormalizerOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The options in force. */
    public NormalizerOptions options() {
        return options;
    }

    /** Lexes and normalises {@code code} into its token texts. */
    public List<String> normalize(String code) {
        return normalize(lexer.tokenize(code));
    }

    /** Normalises already lexed tokens into token texts. */
    public List<String> normalize(List<Token> tokens) {
        Set<String> functions = new HashSet<>();
        Token previous = null;
        for (Token t : tokens) {
            if (t.kind() == TokenKind.COMMENT || t.kind() == TokenKind.PREPROCESSOR) {
                continue;
            }
            if (previous != null && previous.kind() == TokenKind.IDENTIFIER && t.isOperator("(")) {
                functions.add(previous.text());
            }
            previous = t;
        }
        Map<String, String> symbols = new HashMap<>();
        int vars = 0;
        int funs = 0;
        List<String> out = new ArrayList<>(tokens.size());
        for (Token t : tokens) {
            switch (t.kind()) {
                case IDENTIFIER -> {
                    String name = t.text();
                    if (LIBRARY_NAMES.contains(name)) {
                        out.add(shared(name));
                    } else {
                        String symbol = symbols.get(name);
                        if (symbol == null) {
                            symbol = functions.contains(name) ? symbol(FUN_NAMES, "FUN", ++funs)
                                    : symbol(VAR_NAMES, "VAR", ++vars);
                            symbols.put(name, symbol);
                        }
                        out.add(symbol);
                    }
                }
                case STRING -> out.add(options.foldStrings() ? "STR" : shared(t.text()));
                case CHAR -> out.add(options.foldChars() ? "CHR" : shared(t.text()));
                case NUMBER -> out.add(options.foldNumbers() ? "NUM" : shared(t.text()));
                case COMMENT -> {
                    if (options.keepComments()) {
                        out.add("COMMENT");
                    }
                }
                case PREPROCESSOR -> {
                    if (options.keepPreprocessor()) {
                        out.add(shared(directiveName(t.text())));
                    }
                }
                default -> out.add(shared(t.text()));
            }
        }
        return out;
    }

    /** The one String this normaliser puts out for {@code text} (the first it saw, while there is room). */
    private String shared(String text) {
        String known = texts.get(text);
        if (known != null) {
            return known;
        }
        if (texts.size() >= SHARED_TEXTS) {
            return text;
        }
        known = texts.putIfAbsent(text, text);
        return known != null ? known : text;
    }

    /** VAR1..VAR512 made once: most samples never need a new string for a symbol. */
    private static String[] symbols(String prefix) {
        String[] names = new String[NAMED_SYMBOLS + 1];
        for (int i = 1; i <= NAMED_SYMBOLS; i++) {
            names[i] = prefix + i;
        }
        return names;
    }

    private static String symbol(String[] table, String prefix, int n) {
        return n <= NAMED_SYMBOLS ? table[n] : prefix + n;
    }

    /** {@code #include <x>} becomes {@code #include}: the directive, not its user-chosen operands. */
    private static String directiveName(String directive) {
        int i = 1;
        while (i < directive.length() && Character.isWhitespace(directive.charAt(i))) {
            i++;
        }
        int j = i;
        while (j < directive.length() && Character.isLetter(directive.charAt(j))) {
            j++;
        }
        return "#" + directive.substring(i, j);
    }

    private static Set<String> loadLibraryNames() {
        Set<String> names = new HashSet<>();
        try (InputStream in = SymbolicNormalizer.class.getResourceAsStream("library-names.txt")) {
            if (in == null) {
                throw new IllegalStateException("library-names.txt is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int hash = line.indexOf('#');
                String content = hash >= 0 ? line.substring(0, hash) : line;
                for (String name : content.trim().split("\\s+")) {
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableSet(names);
    }
}
