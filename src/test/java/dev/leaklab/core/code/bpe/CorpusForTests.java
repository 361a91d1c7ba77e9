package dev.leaklab.core.code.bpe;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded, C-like functions for tests: tabs, newlines, operators, comments, literals, the odd non-ASCII byte. */
final class CorpusForTests {

    private static final String[] TYPES = {"int", "char *", "size_t", "unsigned long", "struct buf *", "void"};
    private static final String[] NAMES = {"len", "buf", "psz_name", "count", "p_sys", "data", "i", "n", "fp",
        "offset", "header", "ctx", "dst", "src", "tmp"};
    private static final String[] CALLS = {"memcpy", "strncpy", "malloc", "free", "fread", "snprintf", "strlen",
        "av_log", "vlc_array_append", "calloc"};

    private CorpusForTests() {
    }

    static List<String> cFunctions(int count, long seed) {
        Random random = new Random(seed);
        List<String> out = new ArrayList<>(count);
        for (int f = 0; f < count; f++) {
            StringBuilder s = new StringBuilder();
            s.append("static ").append(pick(random, TYPES)).append(' ').append(name(random)).append("_fn")
                    .append(f % 97).append("(").append(pick(random, TYPES)).append(' ').append(name(random))
                    .append(")\n{\n");
            int lines = 3 + random.nextInt(12);
            for (int l = 0; l < lines; l++) {
                s.append(random.nextBoolean() ? "\t" : "    ");
                switch (random.nextInt(6)) {
                    case 0 -> s.append("if (").append(name(random)).append(" > ").append(random.nextInt(4096))
                            .append(")\n\t\treturn -1;");
                    case 1 -> s.append(pick(random, CALLS)).append("(").append(name(random)).append(", ")
                            .append(name(random)).append(", sizeof(").append(name(random)).append("));");
                    case 2 -> s.append(name(random)).append("[").append(name(random)).append("] = 0x")
                            .append(Integer.toHexString(random.nextInt(256))).append(";");
                    case 3 -> s.append("/* ").append(random.nextInt(10) == 0 ? "caf\u00e9 \u2014 " : "")
                            .append("check ").append(name(random)).append(" */");
                    case 4 -> s.append("snprintf(").append(name(random)).append(", ").append(random.nextInt(64))
                            .append(", \"%s: %d\\n\", ").append(name(random)).append(", ")
                            .append(name(random)).append(");");
                    default -> s.append(name(random)).append("->").append(name(random)).append(" += ")
                            .append(name(random)).append(" * ").append(random.nextInt(8)).append(";");
                }
                s.append('\n');
            }
            s.append("}\n");
            out.add(s.toString());
        }
        return out;
    }

    private static String name(Random random) {
        return pick(random, NAMES);
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }
}
