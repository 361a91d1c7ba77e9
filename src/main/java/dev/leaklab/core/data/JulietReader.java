package dev.leaklab.core.data;

import dev.leaklab.core.code.CLexer;
import dev.leaklab.core.code.Token;
import dev.leaklab.core.code.TokenKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a Juliet C/C++ test suite tree (SARD), or one of its files: one sample per function defined inside
 * an {@code #ifndef OMITBAD} region (vulnerable) or an {@code #ifndef OMITGOOD} region (not vulnerable).
 * The {@code good()} wrappers, which only call the real good functions, and {@code main} are left out, as
 * are functions outside both regions. Test case files are the {@code .c}, {@code .cpp}, {@code .cc} and
 * {@code .cxx} files named {@code CWEnnn_*}; the support files ({@code io.c}, {@code main_linux.cpp}...) are
 * skipped. Functions are found at file level and inside namespaces, C++ member definitions included.
 */
public final class JulietReader implements DatasetReader {

    private static final Pattern CASE_FILE = Pattern.compile("CWE\\d+_.*\\.(c|cpp|cc|cxx)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SOURCE_FILE = Pattern.compile(".*\\.(c|cpp|cc|cxx)", Pattern.CASE_INSENSITIVE);
    static final Pattern CWE_SEGMENT = Pattern.compile("CWE(\\d{1,6})_.*", Pattern.CASE_INSENSITIVE);
    /** Words allowed between a parameter list and the body ({@code void f() const {}}). */
    private static final Set<String> QUALIFIERS = Set.of("const", "volatile", "noexcept", "throw", "override",
            "final", "&", "&&");
    /** Bounds the look-ahead past a parameter list, so garbage input stays linear. */
    private static final int MAX_TRAILER_TOKENS = 64;
    private static final CLexer LEXER = new CLexer();

    @Override
    public DatasetFormat format() {
        return DatasetFormat.JULIET;
    }

    @Override
    public void read(Path path, ReaderOptions options, Consumer<Sample> sink) throws DatasetException {
        int[] count = {0};
        Consumer<Sample> counting = s -> {
            count[0]++;
            sink.accept(s);
        };
        if (Files.isDirectory(path)) {
            List<Path> files = caseFiles(path);
            if (files.isEmpty()) {
                throw new DatasetException(path, 0, "no Juliet test case files (CWEnnn_*.c/.cpp) under this folder");
            }
            for (Path file : files) {
                readFile(file, SourcePaths.relative(path, file), options, counting);
            }
        } else if (Files.isRegularFile(path)) {
            String name = path.getFileName().toString();
            if (!SOURCE_FILE.matcher(name).matches()) {
                throw new DatasetException(path, 0, "not a C/C++ source file (.c, .cpp, .cc, .cxx)");
            }
            readFile(path, name, options, counting);
        } else {
            throw new DatasetException(path, 0, "no such file or folder");
        }
        if (count[0] == 0) {
            throw new DatasetException(path, 0, "no functions inside #ifndef OMITBAD or #ifndef OMITGOOD regions");
        }
    }

    /** The test case files under {@code root}, in sorted relative-path order so runs are reproducible. */
    private static List<Path> caseFiles(Path root) throws DatasetException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName() != null && CASE_FILE.matcher(p.getFileName().toString()).matches())
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> SourcePaths.relative(root, p)))
                    .toList();
        } catch (IOException e) {
            throw TextInput.unreadable(root, e);
        } catch (UncheckedIOException e) {
            throw TextInput.unreadable(root, e.getCause());
        }
    }

    private static void readFile(Path file, String rel, ReaderOptions options, Consumer<Sample> sink)
            throws DatasetException {
        new FileScan(file, rel, TextInput.readAll(file, options), sink).run();
    }

    /** An open {@code #if...} group; {@code label} is the sample label it implies, or -1 for none. */
    private static final class Region {
        int label;
        final int line;
        final String opening;

        Region(int label, int line, String opening) {
            this.label = label;
            this.line = line;
            this.opening = opening;
        }
    }

    /** An open brace: a namespace (where definitions may appear), a function body, or anything else. */
    private record Scope(boolean namespace, int line, Function function) {
    }

    /** A function whose body is being read; it becomes a sample at its closing brace. */
    private record Function(String name, int label, int start, int line) {
    }

    /** One pass over one file's tokens. */
    private static final class FileScan {
        private final Path file;
        private final String rel;
        private final String text;
        private final String cwe;
        private final Consumer<Sample> sink;
        private final List<Token> tokens;
        private final int[] closing;
        private final Deque<Region> regions = new ArrayDeque<>();
        private final Deque<Scope> scopes = new ArrayDeque<>();
        private final Set<String> ids = new HashSet<>();

        FileScan(Path file, String rel, String text, Consumer<Sample> sink) {
            this.file = file;
            this.rel = rel;
            this.text = text;
            this.cwe = SourcePaths.cweOf(rel, CWE_SEGMENT);
            this.sink = sink;
            this.tokens = LEXER.tokenize(text);
            this.closing = matchParens(tokens);
        }

        void run() throws DatasetException {
            int declStart = -1;
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                if (t.kind() == TokenKind.PREPROCESSOR) {
                    directive(t);
                    continue;
                }
                if (t.kind() == TokenKind.COMMENT) {
                    continue;
                }
                boolean declLevel = scopes.isEmpty() || scopes.peek().namespace();
                if (t.isOperator("{")) {
                    boolean namespace = declLevel && declStart >= 0 && opensNamespace(declStart);
                    scopes.push(new Scope(namespace, t.line(), null));
                    declStart = -1;
                } else if (t.isOperator("}")) {
                    close(t);
                    declStart = -1;
                } else if (declLevel) {
                    if (t.isOperator(";")) {
                        declStart = -1;
                        continue;
                    }
                    if (declStart < 0) {
                        declStart = i;
                    }
                    if (t.isOperator("(") && i - 1 >= declStart && tokens.get(i - 1).kind() == TokenKind.IDENTIFIER
                            && closing[i] > 0) {
                        int brace = bodyBrace(closing[i]);
                        // the label is the one in force at the name, before any directive in the signature
                        Function f = brace > 0 ? function(i - 1, declStart) : null;
                        int skipTo = brace > 0 ? brace : closing[i];
                        for (int k = i + 1; k < skipTo; k++) {
                            if (tokens.get(k).kind() == TokenKind.PREPROCESSOR) {
                                directive(tokens.get(k));
                            }
                        }
                        if (brace > 0) {
                            scopes.push(new Scope(false, tokens.get(brace).line(), f));
                            declStart = -1;
                        }
                        i = skipTo;
                    }
                }
            }
            if (!regions.isEmpty()) {
                Region r = regions.peekLast();
                throw new DatasetException(file, r.line, r.opening + " is never closed by #endif");
            }
            if (!scopes.isEmpty()) {
                throw new DatasetException(file, scopes.peekLast().line(),
                        "unbalanced braces: this '{' is never closed");
            }
        }

        /** The function named at {@code nameIndex}, or {@code null} when it is not a sample. */
        private Function function(int nameIndex, int declStart) {
            String simple = tokens.get(nameIndex).text();
            int label = currentLabel();
            if (label < 0 || simple.equals("main") || simple.equals("good") || simple.endsWith("_good")) {
                return null;
            }
            // keep the class in C++ member names (CWE..._81_bad::action), so ids stay unique per file
            int first = nameIndex;
            if (first > 0 && tokens.get(first - 1).isOperator("~")) {
                first--;
            }
            while (first >= 2 && tokens.get(first - 1).isOperator("::")
                    && tokens.get(first - 2).kind() == TokenKind.IDENTIFIER) {
                first -= 2;
            }
            StringBuilder name = new StringBuilder();
            for (int k = first; k <= nameIndex; k++) {
                name.append(tokens.get(k).text());
            }
            Token start = tokens.get(declStart);
            return new Function(name.toString(), label, start.start(), start.line());
        }

        private void close(Token brace) throws DatasetException {
            if (scopes.isEmpty()) {
                throw new DatasetException(file, brace.line(), "unbalanced braces: '}' without a matching '{'");
            }
            Function f = scopes.pop().function();
            if (f == null) {
                return;
            }
            String id = rel + "#" + f.name();
            if (!ids.add(id)) {
                // the same name defined twice (under #ifdef _WIN32 / #else, say)
                id = id + "@" + f.line();
            }
            sink.accept(new Sample(id, text.substring(f.start(), brace.start() + 1), f.label(), rel, f.line(), cwe,
                    f.name()));
        }

        /**
         * The index of the body's {@code '{'} when the parameter list closing at {@code close} is followed by
         * one (past qualifiers or a constructor's initialiser list), else -1.
         */
        private int bodyBrace(int close) {
            boolean initialisers = false;
            int k = close + 1;
            for (int steps = 0; k < tokens.size() && steps < MAX_TRAILER_TOKENS; steps++) {
                Token t = tokens.get(k);
                if (t.isOperator("{")) {
                    return k;
                }
                if (t.isOperator("(")) {
                    if (closing[k] < 0) {
                        return -1;
                    }
                    k = closing[k] + 1;
                    continue;
                }
                if (t.isOperator(":")) {
                    initialisers = true;
                } else if (t.kind() != TokenKind.COMMENT && !(initialisers ? isInitialiserPart(t)
                        : QUALIFIERS.contains(t.text()))) {
                    return -1;
                }
                k++;
            }
            return -1;
        }

        private static boolean isInitialiserPart(Token t) {
            return t.kind() == TokenKind.IDENTIFIER || t.kind() == TokenKind.KEYWORD || t.isOperator("::")
                    || t.isOperator(",") || t.isOperator("<") || t.isOperator(">");
        }

        /** Whether the declaration starting at {@code declStart} is {@code namespace X} or {@code extern "C"}. */
        private boolean opensNamespace(int declStart) {
            Token first = tokens.get(declStart);
            if (first.text().equals("inline") && declStart + 1 < tokens.size()) {
                first = tokens.get(declStart + 1);
            }
            return first.text().equals("namespace") || first.text().equals("extern") && declStart + 1 < tokens.size()
                    && tokens.get(declStart + 1).kind() == TokenKind.STRING;
        }

        /** Tracks conditional groups; only {@code #ifndef OMITBAD} and {@code #ifndef OMITGOOD} set a label. */
        private void directive(Token t) throws DatasetException {
            String d = t.text().substring(1).stripLeading();
            String word = leadingWord(d, false);
            switch (word) {
                case "if", "ifdef", "ifndef" -> {
                    String macro = leadingWord(d.substring(word.length()).stripLeading(), true);
                    int label = !word.equals("ifndef") ? -1
                            : macro.equals("OMITBAD") ? Sample.VULNERABLE
                            : macro.equals("OMITGOOD") ? Sample.NOT_VULNERABLE : -1;
                    regions.push(new Region(label, t.line(), "#" + word + " " + macro));
                }
                case "else", "elif", "elifdef", "elifndef" -> {
                    if (regions.isEmpty()) {
                        throw new DatasetException(file, t.line(), "#" + word + " without a matching #if");
                    }
                    regions.peek().label = -1;
                }
                case "endif" -> {
                    if (regions.isEmpty()) {
                        throw new DatasetException(file, t.line(), "#endif without a matching #if");
                    }
                    regions.pop();
                }
                default -> {
                    // #include, #define, #pragma... do not affect regions
                }
            }
        }

        /** The label of the innermost OMITBAD/OMITGOOD group around the current token, or -1. */
        private int currentLabel() {
            for (Region r : regions) {
                if (r.label >= 0) {
                    return r.label;
                }
            }
            return -1;
        }

        /** The leading letters (or identifier characters, at most 40) of {@code s}. */
        private static String leadingWord(String s, boolean identifier) {
            int k = 0;
            while (k < s.length() && k < 40 && (Character.isLetter(s.charAt(k))
                    || identifier && (s.charAt(k) == '_' || Character.isDigit(s.charAt(k))))) {
                k++;
            }
            return s.substring(0, k);
        }

        /**
         * For each {@code '('}, the index of its {@code ')'}, or -1. A {@code ;} or brace abandons open
         * parentheses, so one stray {@code '('} cannot swallow the rest of the file.
         */
        private static int[] matchParens(List<Token> tokens) {
            int[] closing = new int[tokens.size()];
            Arrays.fill(closing, -1);
            Deque<Integer> open = new ArrayDeque<>();
            for (int k = 0; k < tokens.size(); k++) {
                Token t = tokens.get(k);
                if (t.isOperator("(")) {
                    open.push(k);
                } else if (t.isOperator(")")) {
                    if (!open.isEmpty()) {
                        closing[open.pop()] = k;
                    }
                } else if (t.isOperator(";") || t.isOperator("{") || t.isOperator("}")) {
                    open.clear();
                }
            }
            return closing;
        }
    }
}
