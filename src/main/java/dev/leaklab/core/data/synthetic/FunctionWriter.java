package dev.leaklab.core.data.synthetic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Builds one C function: parameters, hoisted locals, a body with indentation, and the surface noise that
 * both labels share (brace and {@code sizeof} style, and, when the writer is made with {@code decorated},
 * decorative statements and an optional branch around the core). Templates call it identically for the
 * vulnerable and the fixed variant, so only the fix itself tells them apart.
 *
 * <p>Locals are declared at the top of the function because statements may end up under a {@code case}
 * label, where C before C23 allows no declaration.
 */
final class FunctionWriter {

    private static final String INDENT = "    ";

    /** The kinds of branch {@link #openRegion} may put around a template's core. */
    private enum Region { NONE, IF_SELECTOR, IF_FLAGS, SWITCH, IF_STRUCT }

    final SplittableRandom rnd;
    // whether decor(), maybeDecor() and openRegion() write anything
    private final boolean decorated;
    private final List<String> params = new ArrayList<>();
    private final List<String> locals = new ArrayList<>();
    private final StringBuilder body = new StringBuilder();
    // only membership is asked of this set, never its order, so generation stays deterministic
    private final Set<String> names = new HashSet<>();
    private int depth = 1;

    private String returnType = "int";
    private String errorValue = "-1";
    private Region region = Region.NONE;
    private String decorStruct;
    private boolean decorIsSession;

    private final boolean braceOnOwnLine;
    private final boolean bracesAlways;
    private final boolean oneLineIf;
    private final boolean sizeofParens;
    private final boolean bangNull;
    private final boolean blankAfterLocals;

    /**
     * A writer drawing from {@code rnd}; without {@code decorated}, {@link #decor}, {@link #maybeDecor} and
     * {@link #openRegion} write nothing and draw nothing.
     */
    FunctionWriter(SplittableRandom rnd, boolean decorated) {
        this.rnd = rnd;
        this.decorated = decorated;
        braceOnOwnLine = rnd.nextInt(4) == 0;
        bracesAlways = rnd.nextBoolean();
        oneLineIf = rnd.nextInt(3) == 0;
        sizeofParens = rnd.nextInt(5) != 0;
        bangNull = rnd.nextInt(3) == 0;
        blankAfterLocals = rnd.nextInt(4) != 0;
    }

    // ---- randomness ------------------------------------------------------------------------------------

    boolean chance(double p) {
        return rnd.nextDouble() < p;
    }

    int between(int lo, int hi) {
        return lo + rnd.nextInt(hi - lo + 1);
    }

    String pick(String... options) {
        return options[rnd.nextInt(options.length)];
    }

    int pick(int... options) {
        return options[rnd.nextInt(options.length)];
    }

    // ---- signature and declarations -----------------------------------------------------------------

    /** An int function whose failures return a random negative code. */
    void returnsInt() {
        returnType = "int";
        errorValue = pick("-1", "-1", "-1", "-2", "-5", "-22");
    }

    /** A function returning the given pointer type; failures return NULL. */
    void returnsPointer(String type) {
        returnType = type;
        errorValue = "NULL";
    }

    /** A void function; failures just return. */
    void returnsVoid() {
        returnType = "void";
        errorValue = null;
    }

    boolean isVoid() {
        return errorValue == null;
    }

    /** The error value of this function's return type, e.g. {@code -1}; null for void. */
    String errorValue() {
        return errorValue;
    }

    /** A fresh identifier drawn from {@code bases}, sometimes decorated, unique within the function. */
    String var(String... bases) {
        for (int attempt = 0; attempt < 12; attempt++) {
            String name = pick(bases);
            if (attempt > 2 || chance(0.25)) {
                name = chance(0.5) ? pick(Words.PREFIXES) + name : name + pick(Words.SUFFIXES);
            }
            if (claim(name)) {
                return name;
            }
        }
        String base = pick(bases);
        for (int n = 2; ; n++) {
            if (claim(base + n)) {
                return base + n;
            }
        }
    }

    /** Claims a name that carries meaning of its own (a loop index, say) or falls back to {@link #var}. */
    String exact(String name, String... fallbacks) {
        return claim(name) ? name : var(fallbacks);
    }

    private boolean claim(String name) {
        if (Words.RESERVED.contains(name) || !names.add(name)) {
            return false;
        }
        return true;
    }

    /** Adds a parameter; {@code type} is written as C spells it, e.g. {@code const char *}. */
    String param(String type, String name) {
        params.add(declare(type, name, ""));
        return name;
    }

    /** Adds a local declaration at the top of the function; {@code tail} is e.g. {@code [64]} or {@code  = 0}. */
    String local(String type, String name, String tail) {
        locals.add(declare(type, name, tail) + ";");
        return name;
    }

    String local(String type, String name) {
        return local(type, name, "");
    }

    private static String declare(String type, String name, String tail) {
        return (type.endsWith("*") ? type : type + " ") + name + tail;
    }

    // ---- body ---------------------------------------------------------------------------------------

    void line(String statement) {
        body.append(INDENT.repeat(depth)).append(statement).append('\n');
    }

    /** Writes {@code head {} and indents. */
    void open(String head) {
        line(head + " {");
        depth++;
    }

    void close() {
        depth--;
        line("}");
    }

    /** Closes the open block and opens its {@code else}. */
    void orElse() {
        depth--;
        line("} else {");
        depth++;
    }

    /** A goto label, one level out like most C code writes it. */
    void label(String name) {
        body.append(INDENT.repeat(Math.max(0, depth - 1))).append(name).append(":\n");
    }

    /** Writes {@code if (cond)} with the statements, braced or not in this function's style. */
    void guard(String cond, String... statements) {
        if (statements.length == 1 && !bracesAlways) {
            if (oneLineIf) {
                line("if (" + cond + ") " + statements[0]);
            } else {
                line("if (" + cond + ")");
                depth++;
                line(statements[0]);
                depth--;
            }
            return;
        }
        open("if (" + cond + ")");
        for (String s : statements) {
            line(s);
        }
        close();
    }

    /** The statement that leaves the function on failure. */
    String fail() {
        return errorValue == null ? "return;" : "return " + errorValue + ";";
    }

    /** A failure path: the return, sometimes after an error log. */
    String[] failBlock() {
        return chance(0.4) ? new String[] {errorLog(), fail()} : new String[] {fail()};
    }

    /** A failure path that leaves through {@code exit} (e.g. {@code continue;}). */
    String[] failBlock(String exit) {
        return chance(0.4) ? new String[] {errorLog(), exit} : new String[] {exit};
    }

    String errorLog() {
        String msg = quote(pick(Words.ERRORS));
        return chance(0.6) ? "log_msg(" + msg + ");" : "log_error(" + msg + ", " + between(1, 99) + ");";
    }

    String isNull(String p) {
        return bangNull ? "!" + p : p + " == NULL";
    }

    String notNull(String p) {
        return bangNull ? p : p + " != NULL";
    }

    String sizeOf(String x) {
        return sizeofParens ? "sizeof(" + x + ")" : "sizeof " + x;
    }

    static String quote(String text) {
        return "\"" + text + "\"";
    }

    // ---- surface noise ------------------------------------------------------------------------------

    /** Zero to {@code max} statements that do not touch the template's variables. */
    void decor(int max) {
        if (!decorated) {
            return;
        }
        int n = rnd.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            decorStatement();
        }
    }

    void maybeDecor(double p) {
        if (decorated && chance(p)) {
            decorStatement();
        }
    }

    void decorStatement() {
        switch (rnd.nextInt(10)) {
            case 0, 1 -> line("log_msg(" + quote(pick(Words.INFO)) + ");");
            case 2 -> line("trace_event(" + between(1, 999) + ");");
            case 3 -> line(chance(0.5) ? "total_requests++;" : "total_requests += " + between(2, 16) + ";");
            case 4 -> line("record_stat(" + between(1, 64) + ");");
            case 5 -> guard("debug_level > " + between(0, 3), "log_msg(" + quote(pick(Words.INFO)) + ");");
            default -> structDecor();
        }
    }

    private void structDecor() {
        String s = decorStruct();
        if (decorIsSession) {
            switch (rnd.nextInt(4)) {
                case 0 -> line(s + "->state = " + between(0, 9) + ";");
                case 1 -> line(s + "->bytes_in += " + between(1, 512) + ";");
                case 2 -> line(s + "->bytes_out++;");
                default -> line(s + "->flags |= 0x" + Integer.toHexString(1 << between(0, 12)) + ";");
            }
        } else {
            switch (rnd.nextInt(3)) {
                case 0 -> guard(s + "->verbose", "log_msg(" + quote(pick(Words.INFO)) + ");");
                case 1 -> line(s + "->flags |= 0x" + Integer.toHexString(1 << between(0, 12)) + ";");
                default -> guard(s + "->max_items > " + between(1, 500), "trace_event(" + between(1, 999) + ");");
            }
        }
    }

    /** The struct parameter that decorative statements and branches use, added on first need. */
    private String decorStruct() {
        if (decorStruct == null) {
            decorIsSession = rnd.nextBoolean();
            decorStruct = decorIsSession
                    ? param("struct session *", var("sess", "session", "conn", "state", "peer", "client"))
                    : param("struct config *", var("cfg", "conf", "config", "settings", "opts", "prefs"));
        }
        return decorStruct;
    }

    // ---- the branch around the core ----------------------------------------------------------------

    /** With probability {@code p}, opens a branch that the rest of the template's core runs inside. */
    void openRegion(double p) {
        if (!decorated || !chance(p)) {
            return;
        }
        region = Region.values()[1 + rnd.nextInt(Region.values().length - 1)];
        switch (region) {
            case IF_SELECTOR -> {
                String sel = param("int", var(Words.SELECTORS));
                open("if (" + sel + pick(" == ", " == ", " != ", " > ") + between(0, 9) + ")");
            }
            case IF_FLAGS -> {
                String flags = param("unsigned int", var(Words.FLAGS));
                String bit = "0x" + Integer.toHexString(1 << between(0, 15));
                open(chance(0.5) ? "if ((" + flags + " & " + bit + ") != 0)" : "if (" + flags + " & " + bit + ")");
            }
            case SWITCH -> {
                String sel = param("int", var(Words.SELECTORS));
                open("switch (" + sel + ")");
                label("case " + between(0, 9));
            }
            default -> {
                String s = decorStruct();
                open("if (" + (decorIsSession ? s + "->state == " + between(0, 5)
                        : "(" + s + "->flags & 0x" + Integer.toHexString(1 << between(0, 10)) + ") != 0") + ")");
            }
        }
    }

    /**
     * Ends the core with {@code return expr;} (ignored for void), closes the branch if one is open, and
     * returns a neutral value on the path that skipped it.
     */
    void finish(String expr) {
        if (region == Region.NONE) {
            decor(2);
            if (!isVoid()) {
                line("return " + expr + ";");
            }
            return;
        }
        maybeDecor(0.3);
        if (!isVoid()) {
            line("return " + expr + ";");
        } else if (region == Region.SWITCH) {
            line("break;");
        }
        if (region == Region.SWITCH) {
            int extra = between(0, 2);
            int value = between(10, 60);
            for (int i = 0; i < extra; i++) {
                value += between(1, 15);
                label("case " + value);
                decorStatement();
                line("break;");
            }
            label("default");
            line("break;");
            close();
        } else if (chance(0.35)) {
            orElse();
            decorStatement();
            close();
        } else {
            close();
        }
        decor(1);
        if (!isVoid()) {
            line("return " + (errorValue.equals("NULL") ? "NULL" : pick("0", "0", errorValue)) + ";");
        }
    }

    /** Puts a statement at the very top of the body, before anything a template wrote. */
    void prependLine(String statement) {
        body.insert(0, INDENT + statement + "\n");
    }

    // ---- output -------------------------------------------------------------------------------------

    /** The finished function, named {@code name}; parameters and locals in a random order. */
    String render(String name) {
        List<String> ps = new ArrayList<>(params);
        shuffle(ps);
        List<String> ls = new ArrayList<>(locals);
        shuffle(ls);
        StringBuilder sb = new StringBuilder(body.length() + 256);
        sb.append(returnType.endsWith("*") ? returnType : returnType + " ").append(name).append('(')
                .append(ps.isEmpty() ? "void" : String.join(", ", ps)).append(')')
                .append(braceOnOwnLine ? "\n{\n" : " {\n");
        for (String l : ls) {
            sb.append(INDENT).append(l).append('\n');
        }
        if (!ls.isEmpty() && blankAfterLocals) {
            sb.append('\n');
        }
        sb.append(body).append("}\n");
        return sb.toString();
    }

    private void shuffle(List<String> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            String t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
