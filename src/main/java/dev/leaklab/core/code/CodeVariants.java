package dev.leaklab.core.code;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Meaning-preserving variants of a C/C++ sample, the label-only attack's queries (Choquette-Choo et al.,
 * "Label-Only Membership Inference Attacks", ICML 2021, whose image augmentations these stand in for). Each
 * variant renames the identifiers the sample declares, then makes one to three edits a compiler would not
 * notice:
 * <ul>
 *   <li>a dead statement ({@code ;}, {@code (void) 0;}, {@code if (0) { }}, {@code do { } while (0);}) after a
 *       line that ends a statement or a block;</li>
 *   <li>two adjacent declarations that share no name and call nothing, swapped;</li>
 *   <li>an equivalent loop form: {@code while (c)} as {@code for (; c;)}, and back;</li>
 *   <li>a stand-alone or loop-step increment written the other way ({@code i++} as {@code ++i}).</li>
 * </ul>
 * Gadgets are slices, not whole functions, so every edit is line-local and checks its line first: a line
 * that continues on the next, or an {@code else} that follows, is never split. Symbolic normalisation undoes
 * the renaming (it numbers names by first use), so for the recurrent models the structural edits are what
 * differ; a pretrained encoder reads raw code and sees both.
 *
 * <p>Deterministic: the variants of a sample depend only on the seed, the sample's id and its code.
 * Instances are immutable and thread-safe.
 */
public final class CodeVariants {

    /** Type keywords and common typedefs that open a simple declaration. */
    private static final Set<String> TYPES = Set.of("int", "char", "short", "long", "unsigned", "signed", "float",
            "double", "bool", "_Bool", "size_t", "ssize_t", "wchar_t", "int8_t", "int16_t", "int32_t", "int64_t",
            "uint8_t", "uint16_t", "uint32_t", "uint64_t", "const", "static", "struct");
    private static final String[] DEAD = {";", "(void) 0;", "if (0) { }", "do { } while (0);"};
    private static final int MOST_EDITS = 3;
    private static final CLexer LEXER = new CLexer();

    private final long seed;

    /** Variants drawn with {@code seed}. */
    public CodeVariants(long seed) {
        this.seed = seed;
    }

    /**
     * {@code count} variants of {@code code}. A sample no edit applies to but the dead statement still gets
     * {@code count} variants; they may repeat one another.
     *
     * @param id the sample's id, which seeds its draws
     */
    public List<String> of(String id, String code, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be at least 0, was " + count);
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ id.hashCode() * 31L
                ^ code.hashCode());
        List<String> lines = List.of(code.split("\n", -1));
        List<String> out = new ArrayList<>(count);
        for (int v = 0; v < count; v++) {
            List<String> edited = new ArrayList<>(rename(lines, random));
            int edits = 1 + random.nextInt(MOST_EDITS);
            for (int e = 0; e < edits; e++) {
                edit(edited, random);
            }
            out.add(String.join("\n", edited));
        }
        return out;
    }

    /** One edit at a random place where one applies; a dead statement when nothing else does. */
    private static void edit(List<String> lines, SplittableRandom random) {
        int first = random.nextInt(3);
        for (int k = 0; k < 3; k++) {
            boolean done = switch ((first + k) % 3) {
                case 0 -> reorder(lines, random);
                case 1 -> loopForm(lines, random);
                default -> increment(lines, random);
            };
            if (done && random.nextInt(4) != 0) {
                return;
            }
        }
        deadStatement(lines, random);
    }

    // ---- renaming --------------------------------------------------------------------------------------------

    /**
     * Renames every name the sample declares ({@code int n}, {@code char *buf}, parameters alike) to a fresh
     * one, everywhere but after {@code .} or {@code ->} (a field, which the declaration does not own).
     */
    static List<String> rename(List<String> lines, SplittableRandom random) {
        List<List<Token>> tokens = new ArrayList<>(lines.size());
        Set<String> names = new HashSet<>();
        Set<String> declared = new java.util.LinkedHashSet<>();
        for (String line : lines) {
            List<Token> t = LEXER.tokenize(line);
            tokens.add(t);
            for (int i = 0; i < t.size(); i++) {
                if (t.get(i).kind() == TokenKind.IDENTIFIER) {
                    names.add(t.get(i).text());
                    if (isDeclared(t, i)) {
                        declared.add(t.get(i).text());
                    }
                }
            }
        }
        declared.removeAll(SymbolicNormalizer.LIBRARY_NAMES);
        if (declared.isEmpty()) {
            return lines;
        }
        Map<String, String> fresh = new HashMap<>();
        for (String name : declared) {
            String candidate;
            do {
                candidate = "v" + Integer.toString(random.nextInt(1 << 20), 36) + "_" + fresh.size();
            } while (names.contains(candidate));
            names.add(candidate);
            fresh.put(name, candidate);
        }
        List<String> out = new ArrayList<>(lines.size());
        for (int l = 0; l < lines.size(); l++) {
            List<Token> t = tokens.get(l);
            StringBuilder b = new StringBuilder(lines.get(l));
            for (int i = t.size() - 1; i >= 0; i--) {
                Token token = t.get(i);
                String to = token.kind() == TokenKind.IDENTIFIER ? fresh.get(token.text()) : null;
                boolean field = i > 0 && (t.get(i - 1).isOperator(".") || t.get(i - 1).isOperator("->"));
                if (to != null && !field) {
                    b.replace(token.start(), token.start() + token.text().length(), to);
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    /** Whether token {@code i} is a name being declared: after a type (and stars), before = ; , [ or ). */
    private static boolean isDeclared(List<Token> t, int i) {
        if (i + 1 >= t.size()) {
            return false;
        }
        Token next = t.get(i + 1);
        if (!(next.isOperator("=") || next.isOperator(";") || next.isOperator(",") || next.isOperator("[")
                || next.isOperator(")"))) {
            return false;
        }
        int j = i - 1;
        while (j >= 0 && (t.get(j).isOperator("*") || t.get(j).isOperator("&"))) {
            j--;
        }
        return j >= 0 && TYPES.contains(t.get(j).text()) && !"struct".equals(t.get(j).text());
    }

    // ---- structural edits ------------------------------------------------------------------------------------

    /** Inserts a statement that does nothing after a line that ends one (or at the very start). */
    static boolean deadStatement(List<String> lines, SplittableRandom random) {
        List<Integer> places = new ArrayList<>();
        places.add(0);
        for (int l = 0; l < lines.size(); l++) {
            List<Token> t = code(LEXER.tokenize(lines.get(l)));
            if (t.isEmpty()) {
                continue;
            }
            Token last = t.get(t.size() - 1);
            boolean ends = last.isOperator(";") || last.isOperator("{") || last.isOperator("}");
            boolean elseFollows = l + 1 < lines.size() && firstWord(lines.get(l + 1)).equals("else");
            if (ends && !elseFollows) {
                places.add(l + 1);
            }
        }
        int at = places.get(random.nextInt(places.size()));
        lines.add(at, DEAD[random.nextInt(DEAD.length)]);
        return true;
    }

    /** Swaps two adjacent simple declarations that share no name and call nothing. */
    static boolean reorder(List<String> lines, SplittableRandom random) {
        List<Integer> pairs = new ArrayList<>();
        for (int l = 0; l + 1 < lines.size(); l++) {
            if (independentDeclarations(lines.get(l), lines.get(l + 1))) {
                pairs.add(l);
            }
        }
        if (pairs.isEmpty()) {
            return false;
        }
        int l = pairs.get(random.nextInt(pairs.size()));
        String a = lines.get(l);
        lines.set(l, lines.get(l + 1));
        lines.set(l + 1, a);
        return true;
    }

    static boolean independentDeclarations(String a, String b) {
        List<Token> ta = code(LEXER.tokenize(a));
        List<Token> tb = code(LEXER.tokenize(b));
        if (!simpleDeclaration(ta) || !simpleDeclaration(tb)) {
            return false;
        }
        Set<String> names = new HashSet<>();
        for (Token t : ta) {
            if (t.kind() == TokenKind.IDENTIFIER && !TYPES.contains(t.text())) {
                names.add(t.text());
            }
        }
        for (Token t : tb) {
            if (t.kind() == TokenKind.IDENTIFIER && !TYPES.contains(t.text()) && names.contains(t.text())) {
                return false;
            }
        }
        return true;
    }

    /** {@code type [*] name [= operand ...];} with no call, brace, comma operator side effect or assignment op. */
    private static boolean simpleDeclaration(List<Token> t) {
        if (t.size() < 3 || !TYPES.contains(t.get(0).text()) || !t.get(t.size() - 1).isOperator(";")) {
            return false;
        }
        for (Token token : t) {
            String s = token.text();
            if (token.kind() == TokenKind.OPERATOR && (s.equals("(") || s.equals("{") || s.equals("++")
                    || s.equals("--") || s.length() > 1 && s.endsWith("=") && !s.equals("==") && !s.equals("!=")
                    && !s.equals("<=") && !s.equals(">="))) {
                return false;
            }
            if (token.kind() == TokenKind.PREPROCESSOR || token.kind() == TokenKind.OTHER) {
                return false;
            }
        }
        int semicolons = 0;
        for (Token token : t) {
            if (token.isOperator(";")) {
                semicolons++;
            }
        }
        return semicolons == 1;
    }

    /** {@code while (c)} as {@code for (; c;)}, or {@code for (; c;)} as {@code while (c)}. */
    static boolean loopForm(List<String> lines, SplittableRandom random) {
        List<Integer> loops = new ArrayList<>();
        for (int l = 0; l < lines.size(); l++) {
            if (loopRewrite(lines.get(l)) != null) {
                loops.add(l);
            }
        }
        if (loops.isEmpty()) {
            return false;
        }
        int l = loops.get(random.nextInt(loops.size()));
        lines.set(l, loopRewrite(lines.get(l)));
        return true;
    }

    /** The line with its loop head in the other form, or null when it has none to rewrite. */
    static String loopRewrite(String line) {
        List<Token> t = code(LEXER.tokenize(line));
        if (t.size() < 3 || !t.get(1).isOperator("(")) {
            return null;
        }
        int close = matching(t, 1);
        if (close < 0) {
            return null;
        }
        String head = t.get(0).text();
        String rest = line.substring(t.get(close).start() + 1);
        String indent = line.substring(0, t.get(0).start());
        if (head.equals("while") && t.get(0).kind() == TokenKind.KEYWORD) {
            // why: "} while (c);" closes a do-while and is no loop head; a head is followed by a body or nothing
            if (close + 1 < t.size() && t.get(close + 1).isOperator(";")) {
                return null;
            }
            String condition = line.substring(t.get(2).start(), t.get(close).start()).strip();
            return indent + "for (; " + condition + ";)" + rest;
        }
        if (head.equals("for") && t.get(0).kind() == TokenKind.KEYWORD && close >= 5 && t.get(2).isOperator(";")
                && t.get(close - 1).isOperator(";")) {
            for (int i = 3; i < close - 1; i++) {
                if (t.get(i).isOperator(";")) {
                    return null;
                }
            }
            String condition = line.substring(t.get(3).start(), t.get(close - 1).start()).strip();
            return indent + "while (" + condition + ")" + rest;
        }
        return null;
    }

    /** {@code x++;} as {@code ++x;} (and back), or a for loop's {@code i++)} step as {@code ++i)}. */
    static boolean increment(List<String> lines, SplittableRandom random) {
        List<Integer> found = new ArrayList<>();
        for (int l = 0; l < lines.size(); l++) {
            if (incrementRewrite(lines.get(l)) != null) {
                found.add(l);
            }
        }
        if (found.isEmpty()) {
            return false;
        }
        int l = found.get(random.nextInt(found.size()));
        lines.set(l, incrementRewrite(lines.get(l)));
        return true;
    }

    /** The line with one discarded increment written the other way, or null when it has none. */
    static String incrementRewrite(String line) {
        List<Token> t = code(LEXER.tokenize(line));
        for (int i = 0; i + 2 < t.size(); i++) {
            Token a = t.get(i);
            Token b = t.get(i + 1);
            Token end = t.get(i + 2);
            boolean statementStart = i == 0 || t.get(i - 1).isOperator(";") || t.get(i - 1).isOperator("{")
                    || t.get(i - 1).isOperator("}");
            boolean statement = statementStart && end.isOperator(";");
            boolean loopStep = i > 0 && t.get(i - 1).isOperator(";") && end.isOperator(")");
            if (!statement && !loopStep) {
                continue;
            }
            if (a.kind() == TokenKind.IDENTIFIER && isStep(b)) {
                return splice(line, a.start(), b.start() + 2, b.text() + a.text());
            }
            if (isStep(a) && b.kind() == TokenKind.IDENTIFIER) {
                return splice(line, a.start(), b.start() + b.text().length(), b.text() + a.text());
            }
        }
        return null;
    }

    private static boolean isStep(Token t) {
        return t.isOperator("++") || t.isOperator("--");
    }

    private static String splice(String line, int from, int to, String with) {
        return line.substring(0, from) + with + line.substring(to);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** The tokens a compiler reads: comments and directives dropped. */
    private static List<Token> code(List<Token> tokens) {
        List<Token> out = new ArrayList<>(tokens.size());
        for (Token t : tokens) {
            if (t.kind() != TokenKind.COMMENT && t.kind() != TokenKind.PREPROCESSOR) {
                out.add(t);
            }
        }
        return out;
    }

    private static int matching(List<Token> t, int open) {
        int depth = 0;
        for (int i = open; i < t.size(); i++) {
            if (t.get(i).isOperator("(")) {
                depth++;
            } else if (t.get(i).isOperator(")") && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String firstWord(String line) {
        List<Token> t = code(LEXER.tokenize(line));
        return t.isEmpty() ? "" : t.get(0).text();
    }
}
