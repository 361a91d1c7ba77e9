package dev.leaklab.core.data.synthetic;

/**
 * Templates of the heap lifetime weaknesses: use after free, double free, an unchecked allocation, and a
 * leak on an error path. As in {@link BufferTemplates}, only the fix differs between the twins, and the
 * vulnerable variant often carries a statement of similar size that does not fix anything.
 */
final class LifetimeTemplates {

    private LifetimeTemplates() {
    }

    // ---- CWE-416 -----------------------------------------------------------------------------------

    static void useAfterFree(FunctionWriter f, boolean vulnerable) {
        switch (f.rnd.nextInt(4)) {
            case 0 -> {
                f.returnsInt();
                String src = f.param("const char *", f.var(Words.INPUTS));
                String copy = f.local("char *", f.var(Words.POINTERS));
                String rc = f.local("int", f.var(Words.STATUS));
                f.decor(2);
                BufferTemplates.nullCheck(f, src, 0.3);
                f.openRegion(0.35);
                if (f.chance(0.6)) {
                    f.line(copy + " = strdup(" + src + ");");
                    f.guard(f.isNull(copy), f.failBlock());
                } else {
                    f.line(copy + " = malloc(strlen(" + src + ") + 1);");
                    f.guard(f.isNull(copy), f.failBlock());
                    f.line("strcpy(" + copy + ", " + src + ");");
                }
                if (f.chance(0.3)) {
                    f.line(copy + "[0] = (char)toupper((unsigned char)" + copy + "[0]);");
                }
                String use = f.pick(rc + " = lookup_id(" + copy + ");", rc + " = validate(" + copy + ");",
                        rc + " = (int)strlen(" + copy + ");", rc + " = consume(" + copy + ", (int)strlen(" + copy
                                + "));");
                boolean early = f.chance(0.4);
                if (early) {
                    f.line("log_msg(" + copy + ");");
                }
                if (vulnerable) {
                    f.line("free(" + copy + ");");
                    f.maybeDecor(0.3);
                    f.line(use);
                } else {
                    f.line(use);
                    f.maybeDecor(0.3);
                    f.line("free(" + copy + ");");
                }
                f.finish(rc);
            }
            case 1 -> {
                f.returnsInt();
                String req = f.param("struct request *", f.var("req", "request", "rq", "incoming", "call", "job"));
                int limit = f.pick(Words.CAPACITIES);
                f.decor(2);
                f.openRegion(0.35);
                f.open("if (" + req + "->length > " + limit + ")");
                if (f.chance(0.5)) {
                    f.line(f.errorLog());
                }
                f.line("free(" + req + "->body);");
                boolean status = f.chance(0.4);
                if (vulnerable) {
                    if (status || f.chance(0.7)) {
                        f.line(req + "->status = " + f.between(1, 9) + ";");
                    }
                } else {
                    f.line(req + "->body = NULL;");
                    if (status) {
                        f.line(req + "->status = " + f.between(1, 9) + ";");
                    }
                }
                f.close();
                f.maybeDecor(0.4);
                String use = f.pick("log_msg(" + req + "->body);", "record_stat(lookup_id(" + req + "->body));",
                        "trace_event((int)strlen(" + req + "->body));");
                if (!vulnerable) {
                    f.guard(f.notNull(req + "->body"), use);
                } else if (f.chance(0.7)) {
                    f.guard(f.pick(req + "->id > 0", "debug_level > " + f.between(0, 2), req + "->retries < "
                            + f.between(2, 5), "(" + req + "->flags & 0x" + Integer.toHexString(1 << f.between(0, 8))
                            + ") != 0"), use);
                } else {
                    f.line(use);
                }
                f.finish("0");
            }
            case 2 -> {
                f.returnsInt();
                String b = f.param("struct buffer *", f.var("b", "sink", "acc", "ob", "outbuf", "wbuf"));
                String src = f.param(f.pick("const char *", "const void *"), f.var("src", "data", "chunk", "part"));
                String n = f.param("size_t", f.var(Words.LENGTHS));
                String grown = f.local("unsigned char *", f.var("grown", "bigger", "resized", "np", "tmp", "fresh"));
                String want = f.local("size_t", f.var("want", "need", "needed", "new_cap", "target"));
                f.decor(2);
                f.openRegion(0.35);
                f.line(want + " = " + b + "->used + " + n + ";");
                f.open("if (" + want + " > " + b + "->cap)");
                f.line(grown + " = realloc(" + b + "->data, " + want + ");");
                f.guard(f.isNull(grown), f.failBlock());
                if (vulnerable) {
                    if (f.chance(0.75)) {
                        f.decorStatement();
                    }
                } else {
                    f.line(b + "->data = " + grown + ";");
                    f.maybeDecor(0.25);
                }
                f.line(b + "->cap = " + want + ";");
                f.close();
                f.line("memcpy(" + b + "->data + " + b + "->used, " + src + ", " + n + ");");
                f.line(b + "->used = " + want + ";");
                f.finish("0");
            }
            default -> {
                boolean counting = f.chance(0.5);
                if (counting) {
                    f.returnsInt();
                } else {
                    f.returnsVoid();
                }
                String head = f.param("struct node *", f.var("head", "list", "first", "root", "chain", "queue"));
                String node = f.local("struct node *", f.var("node", "cur", "it", "p", "entry", "walk"));
                String next = vulnerable ? null
                        : f.local("struct node *", f.var("next", "nxt", "following", "after", "succ"));
                String count = counting ? f.local("int", f.var("count", "n", "freed", "total"), " = 0") : null;
                f.decor(2);
                f.openRegion(0.3);
                boolean forLoop = f.chance(0.5);
                if (forLoop) {
                    f.open("for (" + node + " = " + head + "; " + f.notNull(node) + "; " + node + " = "
                            + (vulnerable ? node + "->next" : next) + ")");
                    if (!vulnerable) {
                        f.line(next + " = " + node + "->next;");
                    }
                    if (f.chance(vulnerable ? 0.75 : 0.35)) {
                        f.line(node + "->value = 0;");
                    }
                    if (counting) {
                        f.line(count + "++;");
                    }
                    f.line("free(" + node + ");");
                } else {
                    f.line(node + " = " + head + ";");
                    f.open("while (" + f.notNull(node) + ")");
                    if (!vulnerable) {
                        f.line(next + " = " + node + "->next;");
                    }
                    if (f.chance(vulnerable ? 0.75 : 0.35)) {
                        f.line(node + "->value = 0;");
                    }
                    if (counting) {
                        f.line(count + "++;");
                    }
                    f.line("free(" + node + ");");
                    f.line(node + " = " + (vulnerable ? node + "->next" : next) + ";");
                }
                f.close();
                f.finish(counting ? count : null);
            }
        }
    }

    // ---- CWE-415 -----------------------------------------------------------------------------------

    static void doubleFree(FunctionWriter f, boolean vulnerable) {
        f.returnsInt();
        int variant = f.rnd.nextInt(3);
        if (variant == 2) {
            String recs = f.param("struct record *", f.var("recs", "records", "entries", "items", "table", "rows"));
            boolean sized = f.chance(0.5);
            String count = f.param(sized ? "size_t" : "int", f.var("count", "n", "nrecs", "num", "total"));
            String i = f.local(sized ? "size_t" : "int", f.var(Words.LOOP));
            f.decor(2);
            f.openRegion(0.3);
            String el = recs + "[" + i + "]";
            f.open("for (" + i + " = 0; " + i + " < " + count + "; " + i + "++)");
            f.open("if (" + f.pick(el + ".kind == " + f.between(0, 9), el + ".size == 0",
                    el + ".count > " + f.between(1, 100)) + ")");
            f.line("free(" + el + ".data);");
            if (!vulnerable) {
                f.line(el + ".data = NULL;");
            }
            if (f.chance(vulnerable ? 0.75 : 0.3)) {
                f.line(el + f.pick(".size = 0;", ".count = 0;", ".kind = -1;"));
            }
            f.maybeDecor(0.2);
            f.close();
            f.close();
            f.maybeDecor(0.4);
            f.open("for (" + i + " = 0; " + i + " < " + count + "; " + i + "++)");
            f.line("free(" + el + ".data);");
            if (f.chance(0.4)) {
                f.line(el + ".data = NULL;");
            }
            f.close();
            f.finish("0");
            return;
        }
        String buf = f.local("char *", f.var(Words.POINTERS));
        String n = f.local("int", f.var("n", "got", "nread", "len", "count"));
        String rc = f.local("int", f.var(Words.STATUS), variant == 1 ? " = 0" : "");
        int cap = f.pick(Words.CAPACITIES);
        String error = f.errorValue();
        f.decor(2);
        f.openRegion(0.35);
        f.line(buf + " = malloc(" + cap + ");");
        f.guard(f.isNull(buf), f.failBlock());
        f.line(n + " = read_input(" + buf + ", " + cap + ");");
        String cond = n + f.pick(" < 0", " <= 0");
        if (variant == 0) {
            f.open("if (" + cond + ")");
            if (f.chance(0.4)) {
                f.line(f.errorLog());
            }
            if (vulnerable) {
                f.line("free(" + buf + ");");
                if (f.chance(0.4)) {
                    f.line(n + " = 0;");
                }
                f.line(rc + " = " + error + ";");
                f.orElse();
            } else {
                switch (f.rnd.nextInt(3)) {
                    case 0 -> {
                        f.line("free(" + buf + ");");
                        f.line(buf + " = NULL;");
                        f.line(rc + " = " + error + ";");
                        f.orElse();
                    }
                    case 1 -> {
                        if (f.chance(0.5)) {
                            f.line(n + " = 0;");
                        }
                        f.line(rc + " = " + error + ";");
                        f.orElse();
                    }
                    default -> {
                        f.line("free(" + buf + ");");
                        f.line("return " + error + ";");
                        f.orElse();
                    }
                }
            }
            f.line(rc + " = consume(" + buf + ", " + n + ");");
            f.close();
            f.maybeDecor(0.3);
            f.line("free(" + buf + ");");
            f.finish(rc);
        } else {
            String out = f.pick("out", "done", "cleanup", "finish_up", "leave", "release", "end");
            f.open("if (" + cond + ")");
            if (f.chance(0.4)) {
                f.line(f.errorLog());
            }
            if (vulnerable) {
                f.line("free(" + buf + ");");
            } else if (f.chance(0.4)) {
                f.line("free(" + buf + ");");
                f.line(buf + " = NULL;");
            }
            f.line(rc + " = " + error + ";");
            f.line("goto " + out + ";");
            f.close();
            f.maybeDecor(0.3);
            f.line(rc + " = consume(" + buf + ", " + n + ");");
            f.label(out);
            f.line("free(" + buf + ");");
            f.finish(rc);
        }
    }

    // ---- CWE-690 -----------------------------------------------------------------------------------

    static void mallocNull(FunctionWriter f, boolean vulnerable) {
        switch (f.rnd.nextInt(3)) {
            case 0 -> {
                f.returnsInt();
                String src = f.param("const char *", f.var(Words.INPUTS));
                String len = f.param("size_t", f.var(Words.LENGTHS));
                String p = f.local("char *", f.var(Words.POINTERS));
                String rc = f.local("int", f.var(Words.STATUS));
                f.decor(2);
                f.openRegion(0.35);
                if (f.chance(0.3)) {
                    f.guard(len + " == 0", f.failBlock());
                }
                f.line(p + " = malloc(" + len + " + 1);");
                boolean lateCheck = false;
                if (!vulnerable) {
                    f.guard(f.isNull(p), f.failBlock());
                    if (f.chance(0.15)) {
                        f.guard(f.isNull(src), f.failBlock());
                    }
                } else {
                    lateCheck = f.chance(0.6);
                    if (!lateCheck && f.chance(0.75)) {
                        f.guard(f.isNull(src), f.failBlock());
                    }
                }
                f.line("memcpy(" + p + ", " + src + ", " + len + ");");
                f.line(p + "[" + len + "] = '\\0';");
                if (lateCheck) {
                    f.guard(f.isNull(p), f.failBlock());
                }
                f.maybeDecor(0.3);
                f.line(rc + " = " + f.pick("lookup_id(" + p + ")", "validate(" + p + ")",
                        "consume(" + p + ", (int)" + len + ")") + ";");
                f.line("free(" + p + ");");
                f.finish(rc);
            }
            case 1 -> {
                f.returnsPointer("struct record *");
                String kind = f.param("int", f.var("kind", "type", "category", "tag", "class_id"));
                String size = f.chance(0.5) ? f.param("size_t", f.var(Words.LENGTHS)) : null;
                String rec = f.local("struct record *", f.var("rec", "entry", "item", "obj", "node", "created"));
                f.decor(2);
                f.openRegion(0.3);
                if (f.chance(vulnerable ? 0.7 : 0.3)) {
                    f.guard(kind + f.pick(" < 0", " > " + f.between(8, 64)), "return NULL;");
                }
                f.line(rec + " = " + f.pick("malloc(" + f.sizeOf("*" + rec) + ")", "malloc(sizeof(struct record))",
                        "calloc(1, " + f.sizeOf("*" + rec) + ")") + ";");
                if (!vulnerable) {
                    f.guard(f.isNull(rec), f.chance(0.4) ? new String[] {f.errorLog(), "return NULL;"}
                            : new String[] {"return NULL;"});
                }
                String[] fields = {"->kind = " + kind, "->size = " + (size == null ? "0" : size), "->count = 0",
                    "->data = NULL"};
                int nf = Math.max(size == null ? 1 : 2, f.between(1, 4));
                boolean reversed = f.chance(0.5);
                for (int k = 0; k < nf; k++) {
                    f.line(rec + fields[reversed ? nf - 1 - k : k] + ";");
                }
                f.maybeDecor(0.3);
                f.finish(rec);
            }
            default -> {
                f.returnsInt();
                String src = f.param("const char *", f.var(Words.INPUTS));
                String copy = f.local("char *", f.var(Words.POINTERS));
                String n = f.local("size_t", f.var(Words.LENGTHS));
                String rc = f.local("int", f.var(Words.STATUS));
                f.decor(2);
                f.openRegion(0.35);
                if (f.chance(vulnerable ? 0.8 : 0.2)) {
                    f.guard(f.isNull(src), f.failBlock());
                }
                f.line(copy + " = strdup(" + src + ");");
                if (!vulnerable) {
                    f.guard(f.isNull(copy), f.failBlock());
                }
                f.line(n + " = strlen(" + copy + ");");
                f.guard(n + " > 0 && " + copy + "[" + n + " - 1] == '\\n'", copy + "[" + n + " - 1] = '\\0';");
                f.line(rc + " = lookup_id(" + copy + ");");
                f.line("free(" + copy + ");");
                f.finish(rc);
            }
        }
    }

    // ---- CWE-401 -----------------------------------------------------------------------------------

    static void leakOnError(FunctionWriter f, boolean vulnerable) {
        f.returnsInt();
        int cap = f.pick(Words.CAPACITIES);
        switch (f.rnd.nextInt(3)) {
            case 0 -> {
                String buf = f.local("char *", f.var(Words.POINTERS));
                String n = f.local("int", f.var("n", "got", "nread", "len", "count"));
                String rc = f.local("int", f.var(Words.STATUS));
                f.decor(2);
                f.openRegion(0.35);
                f.line(buf + " = malloc(" + cap + ");");
                f.guard(f.isNull(buf), f.failBlock());
                f.line(n + " = read_input(" + buf + ", " + cap + ");");
                errorExit(f, vulnerable, n + f.pick(" < 0", " <= 0"), buf);
                f.maybeDecor(0.3);
                f.line(rc + " = consume(" + buf + ", " + n + ");");
                f.line("free(" + buf + ");");
                f.finish(rc);
            }
            case 1 -> {
                String a = f.local("char *", f.var("name", "key", "head", "first", "left", "label"));
                String b = f.local("char *", f.var("value", "body", "tail", "second", "right", "text"));
                String src = f.param("const char *", f.var(Words.INPUTS));
                String rc = f.local("int", f.var(Words.STATUS));
                int cap2 = f.pick(Words.CAPACITIES);
                f.decor(2);
                BufferTemplates.nullCheck(f, src, 0.3);
                f.openRegion(0.35);
                boolean dup = f.chance(0.5);
                f.line(a + " = " + (dup ? "strdup(" + src + ")" : "malloc(strlen(" + src + ") + 1)") + ";");
                f.guard(f.isNull(a), f.failBlock());
                if (!dup) {
                    f.line("strcpy(" + a + ", " + src + ");");
                }
                f.line(b + " = malloc(" + cap2 + ");");
                errorExit(f, vulnerable, f.isNull(b), a);
                f.line("snprintf(" + b + ", " + cap2 + ", " + FunctionWriter.quote(f.pick("%s", "[%s]", "%s;", "<%s>"))
                        + ", " + a + ");");
                f.line(rc + " = consume(" + b + ", (int)strlen(" + b + "));");
                f.maybeDecor(0.3);
                f.line("free(" + b + ");");
                f.line("free(" + a + ");");
                f.finish(rc);
            }
            default -> {
                String buf = f.local("char *", f.var(Words.POINTERS));
                String n = f.local("int", f.var("n", "got", "nread", "len", "count"));
                String rc = f.local("int", f.var(Words.STATUS), " = " + f.errorValue());
                String arg = f.param("const char *", f.var(Words.INPUTS));
                String[] labels = {"out", "done", "leave", "end", "bail", "finish_up"};
                String[] frees = {"cleanup", "free_buf", "release", "drop", "unwind"};
                String out = f.pick(labels);
                String cleanup = f.pick(frees);
                f.decor(2);
                f.openRegion(0.35);
                f.guard(f.isNull(arg), "goto " + out + ";");
                f.line(buf + " = malloc(" + cap + ");");
                f.guard(f.isNull(buf), "goto " + out + ";");
                f.line(n + " = read_input(" + buf + ", " + cap + ");");
                if (vulnerable) {
                    f.guard(n + " < 0", "goto " + out + ";");
                } else if (f.chance(0.5)) {
                    f.guard(n + " < 0", "goto " + cleanup + ";");
                } else {
                    f.guard(n + " < 0", "free(" + buf + ");", "goto " + out + ";");
                }
                f.line(rc + " = consume(" + buf + ", " + n + ");");
                if (f.chance(0.4)) {
                    f.guard(rc + " < 0", f.errorLog(), "goto " + cleanup + ";");
                } else {
                    f.guard(rc + " < 0", "goto " + cleanup + ";");
                }
                f.line(f.pick("record_stat(" + rc + ");", "trace_event(" + n + ");", "total_requests++;"));
                f.maybeDecor(0.3);
                f.label(cleanup);
                f.line("free(" + buf + ");");
                f.label(out);
                f.finish(rc);
            }
        }
    }

    /** The error branch after an allocation: leaves with {@code owned} freed, or (vulnerable) without. */
    private static void errorExit(FunctionWriter f, boolean vulnerable, String cond, String owned) {
        f.open("if (" + cond + ")");
        if (f.chance(0.4)) {
            f.line(f.errorLog());
        }
        if (!vulnerable) {
            f.line("free(" + owned + ");");
        }
        if (f.chance(vulnerable ? 0.8 : 0.3)) {
            f.decorStatement();
        }
        f.line(f.fail());
        f.close();
    }
}
