package dev.leaklab.core.data.synthetic;

/**
 * Templates of the weaknesses about what input reaches and what state is read: format strings, OS
 * command injection and uninitialised reads. As in {@link BufferTemplates}, only the fix differs between
 * the twins.
 */
final class InputTemplates {

    /** Shell metacharacters, as a C string literal (hence the doubled escapes). */
    private static final String SHELL_META = "\";|&$`<>(){}\\\\'\\\"\\n \"";

    private static final String[] MESSAGES = {"msg", "text", "user_input", "line", "input", "note", "reason",
        "detail", "status_text", "banner", "greeting", "motd", "comment", "subject", "body"};

    private static final String[] TAGS = {"info", "warn", "net", "auth", "app", "db", "io", "core", "http", "ui"};

    private static final String[] COMMANDS = {"ping -c 1 %s", "ls -l %s", "cat %s", "gzip -d %s", "tar -xf %s",
        "id %s", "nslookup %s", "convert %s /tmp/out.png", "grep -c error %s", "rm -f /tmp/%s", "wc -l %s",
        "du -sh %s", "file %s", "host %s", "git checkout %s", "lpr %s", "unzip -o %s", "md5sum %s",
        "traceroute %s", "getent passwd %s", "stat %s"};

    private static final String[] WORDS = {"alpha", "beta", "main", "dev", "prod", "local", "backup", "eth0", "lo",
        "stable", "nightly", "primary", "replica", "blue", "green"};

    private InputTemplates() {
    }

    // ---- CWE-134 -----------------------------------------------------------------------------------

    static void formatString(FunctionWriter f, boolean vulnerable) {
        if (f.chance(0.5)) {
            f.returnsVoid();
        } else {
            f.returnsInt();
        }
        switch (f.rnd.nextInt(4)) {
            case 0 -> {
                String msg = f.param("const char *", f.var(MESSAGES));
                boolean toFile = f.chance(0.35);
                String stream = toFile ? f.param("FILE *", f.var("fp", "stream", "sink", "log_fp", "out_fp", "dest"))
                        : f.pick("stdout", "stdout", "stderr");
                f.decor(2);
                sharedChecks(f, msg);
                f.openRegion(0.35);
                if (f.chance(0.4)) {
                    String head = FunctionWriter.quote("[%s] ") + ", " + FunctionWriter.quote(f.pick(TAGS));
                    f.line(stream.equals("stdout") ? "printf(" + head + ");" : "fprintf(" + stream + ", " + head + ");");
                }
                f.line(print(f, vulnerable, stream, msg));
                if (f.chance(0.5)) {
                    f.line(stream.equals("stdout") ? "putchar('\\n');" : "fputc('\\n', " + stream + ");");
                }
                f.finish("0");
            }
            case 1 -> {
                String msg = f.param("const char *", f.var(MESSAGES));
                String line = f.local("char", f.var("line", "entry", "record", "out", "formatted", "text_buf"),
                        "[" + f.pick(Words.LARGE_SIZES) + "]");
                String stream = f.pick("stdout", "stdout", "stderr");
                f.decor(2);
                sharedChecks(f, msg);
                f.openRegion(0.35);
                String args;
                switch (f.rnd.nextInt(3)) {
                    case 0 -> {
                        String id = f.param("int", f.var("id", "seq", "code", "level", "pid", "conn_id"));
                        args = FunctionWriter.quote("[%d] %s\\n") + ", " + id + ", " + msg;
                    }
                    case 1 -> args = FunctionWriter.quote(f.pick(TAGS) + ": %s\\n") + ", " + msg;
                    default -> {
                        String who = f.param("const char *", f.var("who", "origin", "peer", "module", "component"));
                        args = FunctionWriter.quote("%s: %s\\n") + ", " + who + ", " + msg;
                    }
                }
                f.line("snprintf(" + line + ", " + f.sizeOf(line) + ", " + args + ");");
                f.maybeDecor(0.2);
                f.line(print(f, vulnerable, stream, line));
                f.finish("0");
            }
            case 2 -> {
                String items = f.param("char **", f.var("lines", "items", "messages", "entries", "notes", "rows"));
                boolean sized = f.chance(0.4);
                String count = f.param(sized ? "size_t" : "int", f.var("count", "n", "nitems", "num", "total"));
                String i = f.local(sized ? "size_t" : "int", f.var(Words.LOOP));
                String stream = f.pick("stdout", "stdout", "stderr");
                f.decor(2);
                f.openRegion(0.3);
                f.open("for (" + i + " = 0; " + i + " < " + count + "; " + i + "++)");
                if (f.chance(0.3)) {
                    f.guard(f.isNull(items + "[" + i + "]"), "continue;");
                }
                f.line(print(f, vulnerable, stream, items + "[" + i + "]"));
                if (f.chance(0.6)) {
                    f.line(stream.equals("stdout") ? "putchar('\\n');" : "fputc('\\n', " + stream + ");");
                }
                f.close();
                f.finish(f.chance(0.5) ? "0" : "(int)" + count);
            }
            default -> {
                String msg = f.param("const char *", f.var(MESSAGES));
                String buf = f.local("char", f.var(Words.BUFFERS), "[" + f.pick(Words.LARGE_SIZES) + "]");
                f.decor(2);
                sharedChecks(f, msg);
                f.openRegion(0.35);
                f.line("snprintf(" + buf + ", " + f.sizeOf(buf) + ", " + (vulnerable ? "" : "\"%s\", ") + msg + ");");
                f.maybeDecor(0.2);
                f.line(f.pick("log_msg(" + buf + ");", "record_stat(lookup_id(" + buf + "));",
                        "trace_event((int)strlen(" + buf + "));"));
                f.finish("0");
            }
        }
    }

    /** Prints {@code text} to {@code stream}: as the format itself, or through {@code %s} or fputs. */
    private static String print(FunctionWriter f, boolean vulnerable, String stream, String text) {
        boolean stdout = stream.equals("stdout");
        if (vulnerable) {
            return stdout ? "printf(" + text + ");" : "fprintf(" + stream + ", " + text + ");";
        }
        if (f.chance(0.5)) {
            return "fputs(" + text + ", " + stream + ");";
        }
        return stdout ? "printf(\"%s\", " + text + ");" : "fprintf(" + stream + ", \"%s\", " + text + ");";
    }

    private static void sharedChecks(FunctionWriter f, String msg) {
        if (f.chance(0.3)) {
            f.guard(f.isNull(msg), f.failBlock());
        }
        if (f.chance(0.2)) {
            f.guard("strlen(" + msg + ") > " + f.pick(Words.LARGE_SIZES), f.failBlock());
        }
    }

    // ---- CWE-78 ------------------------------------------------------------------------------------

    static void commandInjection(FunctionWriter f, boolean vulnerable) {
        f.returnsInt();
        String arg = f.param("const char *", f.var("host", "filename", "user", "pkg", "dir", "target", "branch",
                "name", "path", "address", "file", "volume", "archive", "account", "image_name"));
        int size = f.pick(Words.LARGE_SIZES);
        String cmd = f.local("char", f.var("cmd", "command", "cmdline", "shell_cmd", "exec_buf", "argv_buf"),
                "[" + size + "]");
        String template = f.pick(COMMANDS);
        f.decor(2);
        BufferTemplates.nullCheck(f, arg, 0.3);
        f.openRegion(0.35);
        if (vulnerable) {
            double r = f.rnd.nextDouble();
            if (r < 0.45) {
                scanLoop(f, arg, false);
            } else if (r < 0.7) {
                f.guard(arg + "[0] == '\\0' || strlen(" + arg + ") > " + f.between(16, Math.max(16, size / 2)),
                        f.failBlock());
            } else if (r < 0.85) {
                f.guard(arg + "[0] == '-'", f.failBlock());
            }
        } else {
            if (f.chance(0.2)) {
                f.guard(f.chance(0.5) ? "strlen(" + arg + ") > " + f.between(16, Math.max(16, size / 2))
                        : arg + "[0] == '-'", f.failBlock());
            }
            switch (f.rnd.nextInt(4)) {
                case 0 -> scanLoop(f, arg, true);
                case 1 -> f.guard("strpbrk(" + arg + ", " + SHELL_META + ") != NULL", f.failBlock());
                case 2 -> f.guard("strspn(" + arg + ", " + FunctionWriter.quote(f.chance(0.5)
                        ? "abcdefghijklmnopqrstuvwxyz0123456789._"
                        : "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") + ") != strlen(" + arg
                        + ")", f.failBlock());
                default -> {
                    int n = f.between(2, 3);
                    int start = f.rnd.nextInt(WORDS.length);
                    StringBuilder cond = new StringBuilder();
                    for (int k = 0; k < n; k++) {
                        if (k > 0) {
                            cond.append(" && ");
                        }
                        cond.append("strcmp(").append(arg).append(", ")
                                .append(FunctionWriter.quote(WORDS[(start + k * 5) % WORDS.length])).append(") != 0");
                    }
                    f.guard(cond.toString(), f.failBlock());
                }
            }
        }
        f.maybeDecor(0.2);
        if (template.endsWith("%s") && f.chance(0.35)) {
            f.line("strcpy(" + cmd + ", " + FunctionWriter.quote(template.substring(0, template.length() - 2)) + ");");
            f.line("strncat(" + cmd + ", " + arg + ", " + f.sizeOf(cmd) + " - strlen(" + cmd + ") - 1);");
        } else {
            f.line("snprintf(" + cmd + ", " + f.sizeOf(cmd) + ", " + FunctionWriter.quote(template) + ", " + arg + ");");
        }
        if (f.chance(0.3)) {
            f.line("log_msg(" + cmd + ");");
        }
        switch (f.rnd.nextInt(3)) {
            case 0 -> {
                String rc = f.local("int", f.var(Words.STATUS));
                f.line(rc + " = system(" + cmd + ");");
                f.finish(rc);
            }
            case 1 -> {
                f.guard("system(" + cmd + ") != 0", f.failBlock());
                f.finish("0");
            }
            default -> {
                String fp = f.local("FILE *", f.var("fp", "pipe_fp", "proc", "stream", "child"));
                String line = f.local("char", f.var("line", "row", "reply", "chunk", "output"),
                        "[" + f.pick(Words.LARGE_SIZES) + "]");
                String count = f.local("int", f.var("count", "lines", "n", "seen", "hits"), " = 0");
                f.line(fp + " = popen(" + cmd + ", \"r\");");
                f.guard(f.isNull(fp), f.failBlock());
                f.open("while (fgets(" + line + ", " + f.sizeOf(line) + ", " + fp + ") != NULL)");
                f.line(count + "++;");
                if (f.chance(0.5)) {
                    f.line("log_msg(" + line + ");");
                }
                f.close();
                f.line("pclose(" + fp + ");");
                f.finish(count);
            }
        }
    }

    /**
     * A loop over the characters of {@code arg}: as a whitelist it rejects anything but letters, digits,
     * dots and underscores; otherwise it rejects only blanks, which leaves every shell metacharacter through.
     */
    private static void scanLoop(FunctionWriter f, String arg, boolean whitelist) {
        boolean sized = f.chance(0.5);
        String k = f.local(sized ? "size_t" : "int", f.var("k", "c", "pos", "ci", "n"));
        f.open("for (" + k + " = 0; " + arg + "[" + k + "] != '\\0'; " + k + "++)");
        String ch = arg + "[" + k + "]";
        String cond;
        if (whitelist) {
            cond = "!isalnum((unsigned char)" + ch + ")" + f.pick(" && " + ch + " != '.'", " && " + ch + " != '_'",
                    " && " + ch + " != '.' && " + ch + " != '_'");
        } else {
            cond = ch + " == ' ' || " + ch + " == '\\n'" + (f.chance(0.4) ? " || " + ch + " == '\\t'" : "");
        }
        f.guard(cond, f.failBlock());
        f.close();
    }

    // ---- CWE-457 -----------------------------------------------------------------------------------

    static void uninitRead(FunctionWriter f, boolean vulnerable) {
        f.returnsInt();
        int kind = f.rnd.nextInt(2);
        switch (f.rnd.nextInt(4)) {
            case 0 -> {
                String sel = f.param("int", f.var(Words.SELECTORS));
                String base = f.param("int", f.var("base", "len", "value", "weight", "count", "delta"));
                String result = f.local("int", f.var("result", "score", "cost", "width", "limit", "factor"),
                        !vulnerable && kind == 0 ? " = " + f.pick("0", "-1", "1", base) : "");
                f.decor(2);
                f.openRegion(0.3);
                f.open("switch (" + sel + ")");
                int cases = f.between(2, 4);
                int value = f.between(0, 3);
                for (int c = 0; c < cases; c++) {
                    f.label("case " + value);
                    value += f.between(1, 3);
                    f.line(result + " = " + f.pick(base + " * " + f.between(2, 8), base + " + " + f.between(1, 64),
                            "-" + base, base + " >> " + f.between(1, 4), String.valueOf(f.between(0, 512)),
                            base + " / " + f.between(2, 8)) + ";");
                    f.line("break;");
                }
                if (!vulnerable && kind == 1) {
                    f.label("default");
                    f.line(result + " = " + f.pick("0", "-1", base) + ";");
                    f.line("break;");
                } else if (f.chance(vulnerable ? 0.7 : 0.4)) {
                    f.label("default");
                    f.decorStatement();
                    f.line("break;");
                }
                f.close();
                f.maybeDecor(0.3);
                if (f.chance(0.4)) {
                    f.line("record_stat(" + result + ");");
                }
                f.finish(result);
            }
            case 1 -> {
                String src = f.param("const char *", f.var(Words.INPUTS));
                String n = f.local("size_t", f.var(Words.LENGTHS), !vulnerable && kind == 0 ? " = 0" : "");
                f.decor(2);
                f.openRegion(0.3);
                f.open("if (" + f.notNull(src) + ")");
                f.line(n + " = strlen(" + src + ");");
                if (!vulnerable && kind == 1) {
                    f.orElse();
                    f.line(n + " = 0;");
                } else if (f.chance(vulnerable ? 0.6 : 0.3)) {
                    f.orElse();
                    f.decorStatement();
                }
                f.close();
                f.maybeDecor(0.3);
                if (f.chance(0.5)) {
                    f.line("trace_event((int)" + n + ");");
                }
                f.finish("(int)" + n);
            }
            case 2 -> {
                String type = f.pick("const int *", "const unsigned char *", "const short *", "const long *");
                String data = f.param(type, f.var("data", "values", "samples", "bytes", "readings", "weights"));
                String count = f.param("size_t", f.var("count", "n", "nitems", "len", "total"));
                String sum = f.local(f.pick("int", "long", "unsigned int"), f.var("sum", "acc", "total", "score",
                        "checksum", "hash"), !vulnerable && kind == 0 ? " = 0" : "");
                String i = f.local("size_t", f.var(Words.LOOP));
                f.decor(2);
                f.openRegion(0.3);
                if (!vulnerable && kind == 1) {
                    f.line(sum + " = 0;");
                } else if (f.chance(vulnerable ? 0.5 : 0.25)) {
                    f.decorStatement();
                }
                f.open("for (" + i + " = 0; " + i + " < " + count + "; " + i + "++)");
                if (f.chance(0.4)) {
                    f.guard(data + "[" + i + "] " + f.pick("> ", "< ", "!= ") + f.between(0, 100),
                            sum + " " + f.pick("+=", "^=", "+=") + " " + data + "[" + i + "];");
                } else {
                    f.line(sum + " " + f.pick("+=", "^=", "+=", "-=") + " " + data + "[" + i + "];");
                }
                f.close();
                f.finish("(int)" + sum);
            }
            default -> {
                String name = f.param("const char *", f.var(Words.INPUTS));
                String label = f.local("char", f.var("label", "display", "title", "caption", "tag_buf", "shown"),
                        "[" + f.pick(Words.SIZES) + "]" + (!vulnerable && kind == 0 ? f.pick(" = \"\"", " = {0}") : ""));
                f.decor(2);
                f.openRegion(0.3);
                f.open("if (" + f.notNull(name) + " && " + name + "[0] != '\\0')");
                f.line("snprintf(" + label + ", " + f.sizeOf(label) + ", \"%s\", " + name + ");");
                if (!vulnerable && kind == 1) {
                    f.orElse();
                    f.line(f.chance(0.5) ? label + "[0] = '\\0';"
                            : "strcpy(" + label + ", " + FunctionWriter.quote(f.pick("anon", "none", "n/a", "-", "?"))
                            + ");");
                } else if (f.chance(vulnerable ? 0.6 : 0.3)) {
                    f.orElse();
                    f.decorStatement();
                }
                f.close();
                f.maybeDecor(0.3);
                f.line("log_msg(" + label + ");");
                f.finish(f.chance(0.5) ? "lookup_id(" + label + ")" : "0");
            }
        }
    }
}
