package dev.leaklab.core.data.synthetic;

/**
 * Templates of the buffer and arithmetic weaknesses: stack and heap overflows, out-of-bounds and
 * off-by-one writes, and integer overflow in an allocation size. Each method writes one function, the
 * vulnerable variant or its fixed twin; whatever is not the fix is drawn the same way for both.
 */
final class BufferTemplates {

    private BufferTemplates() {
    }

    // ---- CWE-121 -----------------------------------------------------------------------------------

    static void stackStrcpy(FunctionWriter f, boolean vulnerable) {
        f.returnsInt();
        int variant = f.rnd.nextInt(4);
        int size = variant == 0 || variant == 3 ? f.pick(Words.SIZES) : f.pick(Words.LARGE_SIZES);
        String buf = f.local("char", f.var(Words.BUFFERS), "[" + size + "]");
        switch (variant) {
            case 0 -> {
                String src = f.param("const char *", f.var(Words.INPUTS));
                f.decor(2);
                nullCheck(f, src, 0.35);
                f.openRegion(0.4);
                copyInto(f, vulnerable, buf, src, size, f.failBlock());
                useBuffer(f, buf);
            }
            case 1 -> {
                String src = f.param("const char *", f.var(Words.INPUTS));
                String prefix = f.pick("/tmp/", "/var/spool/", "user:", "id=", "GET /", "cache/", "home/", "key_",
                        "tag:", "/srv/data/", "msg ");
                f.decor(2);
                nullCheck(f, src, 0.3);
                f.openRegion(0.4);
                if (vulnerable) {
                    switch (f.rnd.nextInt(4)) {
                        case 0 -> f.guard("strlen(" + src + ") == 0", f.failBlock());
                        default -> { }
                    }
                    f.line("strcpy(" + buf + ", " + FunctionWriter.quote(prefix) + ");");
                    if (f.chance(0.35)) {
                        f.line("strncat(" + buf + ", " + src + ", " + f.sizeOf(buf) + ");");
                    } else {
                        f.line("strcat(" + buf + ", " + src + ");");
                    }
                } else {
                    switch (f.rnd.nextInt(3)) {
                        case 0 -> {
                            f.guard("strlen(" + src + ") >= " + f.sizeOf(buf) + " - " + prefix.length(),
                                    f.failBlock());
                            f.line("strcpy(" + buf + ", " + FunctionWriter.quote(prefix) + ");");
                            f.line("strcat(" + buf + ", " + src + ");");
                        }
                        case 1 -> f.line("snprintf(" + buf + ", " + f.sizeOf(buf) + ", "
                                + FunctionWriter.quote(prefix + "%s") + ", " + src + ");");
                        default -> {
                            f.line("strcpy(" + buf + ", " + FunctionWriter.quote(prefix) + ");");
                            f.line("strncat(" + buf + ", " + src + ", " + f.sizeOf(buf) + " - strlen(" + buf
                                    + ") - 1);");
                        }
                    }
                }
                useBuffer(f, buf);
            }
            case 2 -> {
                String src = f.param("const char *", f.var(Words.INPUTS));
                String num = f.param("int", f.var("port", "id", "code", "seq", "line_no", "uid", "slot", "gen"));
                String[] formats = {"%s:%d", "%s/%d", "%s-%d", "%s.%d", "%s #%d"};
                String format = f.pick(formats);
                // a decimal int needs at most 11 characters; the rest of the format is literal
                int overhead = format.length() - 4 + 11 + 1;
                f.decor(2);
                nullCheck(f, src, 0.3);
                f.openRegion(0.4);
                String args = FunctionWriter.quote(format) + ", " + src + ", " + num + ");";
                if (vulnerable) {
                    switch (f.rnd.nextInt(2)) {
                        case 0 -> {
                            f.guard(num + " < 0", f.failBlock());
                            f.line("sprintf(" + buf + ", " + args);
                        }
                        default -> f.line("sprintf(" + buf + ", " + args);
                    }
                } else {
                    if (f.chance(0.2)) {
                        f.guard(num + " < 0", f.failBlock());
                    }
                    switch (f.rnd.nextInt(3)) {
                        case 0 -> {
                            f.guard("strlen(" + src + ") >= " + f.sizeOf(buf) + " - " + overhead, f.failBlock());
                            f.line("sprintf(" + buf + ", " + args);
                        }
                        case 1 -> f.line("snprintf(" + buf + ", " + size + ", " + args);
                        default -> f.line("snprintf(" + buf + ", " + f.sizeOf(buf) + ", " + args);
                    }
                }
                useBuffer(f, buf);
            }
            default -> {
                String items = f.param("char **", f.var("names", "args", "fields", "entries", "lines", "tokens",
                        "words", "keys", "paths", "items"));
                boolean sized = f.chance(0.4);
                String count = f.param(sized ? "size_t" : "int", f.var("count", "n", "nitems", "num", "total"));
                String i = f.local(sized ? "size_t" : "int", f.var(Words.LOOP));
                f.decor(2);
                f.openRegion(0.3);
                f.open("for (" + i + " = 0; " + i + " < " + count + "; " + i + "++)");
                String src = items + "[" + i + "]";
                f.maybeDecor(0.2);
                copyInto(f, vulnerable, buf, src, size, f.failBlock("continue;"));
                if (f.chance(0.5)) {
                    f.line("log_msg(" + buf + ");");
                } else {
                    f.line("record_stat(lookup_id(" + buf + "));");
                }
                f.close();
                f.finish(f.chance(0.5) ? "0" : "(int)" + count);
            }
        }
    }

    /** Copies {@code src} into the char array {@code buf}: unchecked, or by one of the usual fixes. */
    private static void copyInto(FunctionWriter f, boolean vulnerable, String buf, String src, int size,
                                 String[] exit) {
        if (vulnerable) {
            switch (f.rnd.nextInt(4)) {
                case 0 -> f.guard("strlen(" + src + ") == 0", exit);
                case 1 -> f.guard(src + "[0] == '\\0'", exit);
                default -> { }
            }
            f.line("strcpy(" + buf + ", " + src + ");");
            return;
        }
        if (f.chance(0.2)) {
            f.guard(f.chance(0.5) ? "strlen(" + src + ") == 0" : src + "[0] == '\\0'", exit);
        }
        switch (f.rnd.nextInt(4)) {
            case 0 -> {
                f.guard("strlen(" + src + ") >= " + (f.chance(0.6) ? f.sizeOf(buf) : String.valueOf(size)), exit);
                f.line("strcpy(" + buf + ", " + src + ");");
            }
            case 1 -> {
                f.line("strncpy(" + buf + ", " + src + ", " + f.sizeOf(buf) + " - 1);");
                f.line(buf + "[" + f.sizeOf(buf) + " - 1] = '\\0';");
            }
            case 2 -> f.line("snprintf(" + buf + ", " + f.sizeOf(buf) + ", \"%s\", " + src + ");");
            default -> {
                f.guard("strlen(" + src + ") > " + (size - 1), exit);
                f.line("strcpy(" + buf + ", " + src + ");");
            }
        }
    }

    /** Does something with the filled buffer and ends the function. */
    private static void useBuffer(FunctionWriter f, String buf) {
        f.maybeDecor(0.3);
        switch (f.rnd.nextInt(5)) {
            case 0 -> {
                f.line("log_msg(" + buf + ");");
                f.finish("0");
            }
            case 1 -> f.finish("lookup_id(" + buf + ")");
            case 2 -> {
                String rc = f.local("int", f.var(Words.STATUS));
                f.line(rc + " = validate(" + buf + ");");
                f.guard(rc + " != 0", f.errorLog());
                f.finish(rc);
            }
            case 3 -> {
                f.line("printf(\"%s\\n\", " + buf + ");");
                f.finish("0");
            }
            default -> f.finish("(int)strlen(" + buf + ")");
        }
    }

    static void nullCheck(FunctionWriter f, String p, double probability) {
        if (f.chance(probability)) {
            f.guard(f.isNull(p), f.failBlock());
        }
    }

    // ---- CWE-122 -----------------------------------------------------------------------------------

    static void heapMemcpy(FunctionWriter f, boolean vulnerable) {
        f.returnsInt();
        int cap = f.pick(Words.CAPACITIES);
        switch (f.rnd.nextInt(3)) {
            case 0 -> {
                String rec = f.param("struct record *", f.var("rec", "entry", "item", "msg", "obj", "record"));
                String payload = f.param(f.pick("const char *", "const unsigned char *", "const void *"),
                        f.var("payload", "data", "src", "body", "content", "chunk"));
                String len = f.param("size_t", f.var(Words.LENGTHS));
                f.decor(2);
                f.openRegion(0.35);
                if (f.chance(0.25)) {
                    f.guard(len + " == 0", f.fail());
                }
                if (f.chance(0.15)) {
                    f.guard(f.isNull(payload), f.failBlock());
                }
                int kind = f.rnd.nextInt(3);
                if (vulnerable) {
                    switch (f.rnd.nextInt(4)) {
                        case 0 -> f.guard(f.isNull(payload), f.failBlock());
                        case 1 -> f.guard(len + " == 0", f.failBlock());
                        default -> { }
                    }
                } else if (kind == 0) {
                    f.guard(len + " > " + cap, f.failBlock());
                }
                String alloc = !vulnerable && kind == 1 ? len : String.valueOf(cap);
                f.line(rec + "->data = malloc(" + alloc + ");");
                f.guard(f.isNull(rec + "->data"), f.failBlock());
                f.maybeDecor(0.2);
                if (!vulnerable && kind == 2) {
                    f.guard(len + " > " + cap, len + " = " + cap + ";");
                }
                f.line("memcpy(" + rec + "->data, " + payload + ", " + len + ");");
                if (f.chance(0.7)) {
                    f.line(rec + "->size = " + len + ";");
                }
                f.finish("0");
            }
            case 1 -> {
                String pkt = f.param("const unsigned char *", f.var("pkt", "packet", "frame", "msg", "raw", "wire"));
                String pktLen = f.param("size_t", f.var("pkt_len", "len", "size", "total", "nbytes", "avail"));
                String body = f.local("unsigned char *", f.var("body", "payload", "copy", "data", "content"));
                String bodyLen = f.local("size_t", f.var("body_len", "plen", "n", "want", "dlen", "field_len"));
                String rc = f.local("int", f.var(Words.STATUS));
                int header = f.pick(2, 4);
                f.decor(2);
                f.openRegion(0.35);
                f.guard(pktLen + " < " + header, f.failBlock());
                f.line(bodyLen + " = " + (header == 4 && f.chance(0.5) ? "read_u32(" + pkt + ")"
                        : "((size_t)" + pkt + "[0] << 8) | " + pkt + "[1]") + ";");
                String sourceCheck = bodyLen + " > " + pktLen + " - " + header;
                int kind = f.rnd.nextInt(3);
                if (f.chance(vulnerable ? 0.35 : 0.1)) {
                    f.guard(bodyLen + " == 0", f.failBlock());
                }
                if (vulnerable) {
                    if (f.chance(0.85)) {
                        f.guard(sourceCheck, f.failBlock());
                    }
                } else if (kind == 0) {
                    f.guard(sourceCheck + " || " + bodyLen + " > " + cap, f.failBlock());
                } else if (kind == 1) {
                    f.guard(sourceCheck, f.failBlock());
                    f.guard(bodyLen + " > " + cap, f.failBlock());
                } else {
                    f.guard(sourceCheck, f.failBlock());
                }
                f.maybeDecor(0.2);
                f.line(body + " = malloc(" + (!vulnerable && kind == 2 ? bodyLen : String.valueOf(cap)) + ");");
                f.guard(f.isNull(body), f.failBlock());
                f.line("memcpy(" + body + ", " + pkt + " + " + header + ", " + bodyLen + ");");
                f.line(rc + " = send_data(" + body + ", " + bodyLen + ");");
                f.line("free(" + body + ");");
                f.finish(rc);
            }
            default -> {
                String b = f.param("struct buffer *", f.var("b", "sink", "acc", "ob", "outbuf", "wbuf"));
                String src = f.param(f.pick("const char *", "const void *", "const unsigned char *"),
                        f.var("src", "data", "chunk", "bytes", "part"));
                String n = f.param("size_t", f.var(Words.LENGTHS));
                f.decor(2);
                f.openRegion(0.35);
                if (f.chance(0.3)) {
                    f.guard(n + " == 0", f.isVoid() ? "return;" : "return 0;");
                }
                if (f.chance(0.15)) {
                    f.guard(f.isNull(f.chance(0.5) ? src : b + "->data"), f.failBlock());
                }
                if (vulnerable) {
                    switch (f.rnd.nextInt(4)) {
                        case 0 -> f.guard(f.isNull(src), f.failBlock());
                        case 1 -> f.guard(f.isNull(b + "->data"), f.failBlock());
                        default -> { }
                    }
                } else if (f.chance(0.5)) {
                    f.guard(n + " > " + b + "->cap - " + b + "->used", f.failBlock());
                } else {
                    f.guard(b + "->used + " + n + " > " + b + "->cap", f.failBlock());
                }
                f.maybeDecor(0.2);
                f.line("memcpy(" + b + "->data + " + b + "->used, " + src + ", " + n + ");");
                f.line(b + "->used += " + n + ";");
                f.finish(f.chance(0.5) ? "0" : "(int)" + b + "->used");
            }
        }
    }

    // ---- CWE-787 -----------------------------------------------------------------------------------

    static void indexWrite(FunctionWriter f, boolean vulnerable) {
        f.returnsInt();
        switch (f.rnd.nextInt(3)) {
            case 0 -> {
                String type = f.pick("int", "unsigned int", "long", "short", "unsigned char", "double");
                String arr = f.param(type + " *", f.var("slots", "table", "counts", "values", "map", "regs", "cells",
                        "bins", "weights"));
                boolean sizedBound = f.chance(0.6);
                String bound = f.param(sizedBound ? "size_t" : "int",
                        f.var("nslots", "table_len", "nvalues", "cap", "max", "limit", "nbins"));
                boolean unsignedIndex = f.chance(0.35);
                String idx = f.param(unsignedIndex ? "size_t" : "int", f.var(Words.INDICES));
                String value = f.param(type, f.var("value", "v", "val", "x", "sample", "amount"));
                f.decor(2);
                f.openRegion(0.35);
                String cmpIdx = !unsignedIndex && sizedBound ? "(size_t)" + idx : idx;
                String cmpBound = unsignedIndex && !sizedBound ? "(size_t)" + bound : bound;
                if (f.chance(0.25)) {
                    f.guard(f.isNull(arr), f.failBlock());
                }
                if (vulnerable) {
                    double r = f.rnd.nextDouble();
                    if (r < 0.45) {
                        f.guard((unsignedIndex ? "" : idx + " < 0 || ") + cmpIdx + " > " + cmpBound, f.failBlock());
                    } else if (r < 0.75) {
                        f.guard(unsignedIndex ? bound + " == 0" : idx + " < 0", f.failBlock());
                    } else if (r < 0.85) {
                        f.guard(f.isNull(arr), f.failBlock());
                    }
                } else {
                    f.guard((unsignedIndex ? "" : idx + " < 0 || ") + cmpIdx + " >= " + cmpBound, f.failBlock());
                }
                f.maybeDecor(0.2);
                f.line(arr + "[" + idx + "] " + f.pick("=", "=", "+=") + " " + value + ";");
                f.finish("0");
            }
            case 1 -> {
                String data = f.param("const unsigned char *", f.var("data", "bytes", "text", "input", "src", "msg"));
                String len = f.param("size_t", f.var(Words.LENGTHS));
                String type = f.pick("unsigned int", "int", "size_t", "unsigned long");
                boolean masked = f.chance(0.4);
                int n = masked ? f.pick(8, 16, 26, 32, 64, 100) : f.pick(8, 16, 26, 32, 64, 100, 128, 200);
                String counts = f.local(type, f.var("counts", "hist", "freq", "seen", "tally", "buckets"),
                        "[" + n + "]");
                String i = f.local("size_t", f.var(Words.LOOP));
                String c = f.local(f.pick("unsigned int", "size_t", "unsigned char"),
                        f.var("c", "b", "v", "sym", "code", "bucket", "ch"));
                f.decor(2);
                f.openRegion(0.3);
                f.line("memset(" + counts + ", 0, " + f.sizeOf(counts) + ");");
                f.open("for (" + i + " = 0; " + i + " < " + len + "; " + i + "++)");
                f.line(c + " = " + data + "[" + i + "]" + (masked ? " & 0x7f" : "") + ";");
                String target = c;
                if (f.chance(vulnerable ? 0.35 : 0.15)) {
                    f.guard(c + " < " + f.pick("32", "0x20", "' '"), "continue;");
                } else if (vulnerable && f.chance(0.6)) {
                    f.guard(f.chance(0.5) ? c + " == 0" : c + " == '\\n' || " + c + " == '\\r'", "continue;");
                }
                if (vulnerable) {
                    f.maybeDecor(0.1);
                } else if (f.chance(0.6)) {
                    f.guard(c + " >= " + (f.chance(0.5) ? String.valueOf(n)
                            : f.sizeOf(counts) + " / " + f.sizeOf(counts + "[0]")), "continue;");
                } else {
                    target = c + " % " + n;
                }
                f.line(counts + "[" + target + "]++;");
                f.close();
                f.finish("(int)" + counts + "[" + f.between(0, n - 1) + "]");
            }
            default -> {
                String field = f.param("const char *", f.var(Words.INPUTS));
                String value = f.param("int", f.var("value", "v", "val", "weight", "score", "level"));
                int n = f.pick(Words.SIZES);
                String map = f.local("int", f.var("map", "slots", "table", "scores", "levels", "cache"), "[" + n + "]");
                String idx = f.local("int", f.var(Words.INDICES));
                f.decor(2);
                nullCheck(f, field, 0.3);
                f.openRegion(0.35);
                if (f.chance(0.6)) {
                    f.line("memset(" + map + ", 0, " + f.sizeOf(map) + ");");
                }
                f.line(idx + " = " + (f.chance(0.6) ? "atoi(" + field + ")" : "(int)strtol(" + field + ", NULL, 10)")
                        + ";");
                if (vulnerable) {
                    switch (f.rnd.nextInt(5)) {
                        case 0 -> f.guard(idx + " < 0", f.failBlock());
                        case 1 -> f.guard(idx + " < 0 || " + idx + " > " + n, f.failBlock());
                        case 2 -> f.guard(idx + " < 0 || (size_t)" + idx + " > " + f.sizeOf(map) + " / "
                                + f.sizeOf(map + "[0]"), f.failBlock());
                        case 3 -> f.guard(idx + " > " + n, f.failBlock());
                        default -> { }
                    }
                } else if (f.chance(0.6)) {
                    f.guard(idx + " < 0 || " + idx + " >= " + n, f.failBlock());
                } else {
                    f.guard(idx + " < 0 || (size_t)" + idx + " >= " + f.sizeOf(map) + " / " + f.sizeOf(map + "[0]"),
                            f.failBlock());
                }
                f.line(map + "[" + idx + "] = " + value + ";");
                f.maybeDecor(0.2);
                f.finish(map + "[" + idx + "]");
            }
        }
    }

    // ---- CWE-193 -----------------------------------------------------------------------------------

    static void offByOne(FunctionWriter f, boolean vulnerable) {
        f.returnsInt();
        String lt = vulnerable ? " <= " : " < ";
        switch (f.rnd.nextInt(4)) {
            case 0 -> {
                String type = f.pick("int", "unsigned int", "long", "short", "char");
                int n = f.pick(Words.SIZES);
                String table = f.local(type, f.var("table", "slots", "row", "lookup", "weights", "marks", "levels"),
                        "[" + n + "]");
                String i = f.local("int", f.var(Words.LOOP));
                String bound = f.chance(0.6) ? String.valueOf(n)
                        : "(int)(" + f.sizeOf(table) + " / " + f.sizeOf(table + "[0]") + ")";
                String fill = f.pick("0", "-1", i, i + " * " + f.between(2, 9), i + " + " + f.between(1, 9));
                f.decor(2);
                f.openRegion(0.35);
                if (f.chance(0.65)) {
                    f.open("for (" + i + " = 0; " + i + lt + bound + "; " + i + "++)");
                    f.line(table + "[" + i + "] = " + fill + ";");
                    f.maybeDecor(0.15);
                } else {
                    f.line(i + " = 0;");
                    f.open("while (" + i + lt + bound + ")");
                    f.line(table + "[" + i + "] = " + fill + ";");
                    f.line(i + "++;");
                }
                f.close();
                f.maybeDecor(0.3);
                f.finish("(int)" + table + "[" + f.between(0, n - 1) + "]");
            }
            case 1 -> {
                String src = f.param("const char *", f.var(Words.INPUTS));
                int n = f.pick(Words.SIZES);
                String out = f.local("char", f.var(Words.BUFFERS), "[" + n + "]");
                String i = f.local("size_t", f.var(Words.LOOP));
                String limit = (f.chance(0.5) ? f.sizeOf(out) : String.valueOf(n)) + (vulnerable ? "" : " - 1");
                f.decor(2);
                nullCheck(f, src, 0.3);
                f.openRegion(0.35);
                String bounds = f.chance(0.5)
                        ? src + "[" + i + "] != '\\0' && " + i + " < " + limit
                        : i + " < " + limit + " && " + src + "[" + i + "] != '\\0'";
                if (f.chance(0.5)) {
                    f.open("for (" + i + " = 0; " + bounds + "; " + i + "++)");
                    f.line(out + "[" + i + "] = " + (f.chance(0.3) ? "(char)tolower((unsigned char)" + src + "[" + i
                            + "])" : src + "[" + i + "]") + ";");
                    f.close();
                } else {
                    f.line(i + " = 0;");
                    f.open("while (" + bounds + ")");
                    f.line(out + "[" + i + "] = " + src + "[" + i + "];");
                    f.line(i + "++;");
                    f.close();
                }
                f.line(out + "[" + i + "] = '\\0';");
                useOut(f, out);
            }
            case 2 -> {
                int n = f.pick(Words.SIZES);
                String buf = f.local("char", f.var(Words.BUFFERS), "[" + n + "]");
                String got = f.local("int", f.var("n", "got", "nread", "len", "r", "count"));
                f.decor(2);
                f.openRegion(0.35);
                String cap = f.chance(0.5) ? f.sizeOf(buf) : String.valueOf(n);
                f.line(got + " = read_input(" + buf + ", " + cap + (vulnerable ? "" : " - 1") + ");");
                f.guard(got + " < 0", f.failBlock());
                f.line(buf + "[" + got + "] = '\\0';");
                useOut(f, buf);
            }
            default -> {
                String src = f.param("const char *", f.var(Words.INPUTS));
                String out = f.param("char **", f.var("out", "result", "dst", "copy_out", "ret_str"));
                String copy = f.local("char *", f.var(Words.POINTERS));
                String plus = vulnerable ? "" : " + 1";
                f.decor(2);
                nullCheck(f, src, 0.3);
                f.openRegion(0.35);
                if (f.chance(0.5)) {
                    String len = f.local("size_t", f.var(Words.LENGTHS));
                    f.line(len + " = strlen(" + src + ");");
                    f.line(copy + " = malloc(" + len + plus + ");");
                    f.guard(f.isNull(copy), f.failBlock());
                    f.line("memcpy(" + copy + ", " + src + ", " + len + " + 1);");
                } else {
                    f.line(copy + " = malloc(strlen(" + src + ")" + plus + ");");
                    f.guard(f.isNull(copy), f.failBlock());
                    f.line("strcpy(" + copy + ", " + src + ");");
                }
                f.maybeDecor(0.2);
                f.line("*" + out + " = " + copy + ";");
                f.finish("0");
            }
        }
    }

    private static void useOut(FunctionWriter f, String out) {
        f.maybeDecor(0.3);
        switch (f.rnd.nextInt(3)) {
            case 0 -> {
                f.line("log_msg(" + out + ");");
                f.finish("0");
            }
            case 1 -> f.finish("lookup_id(" + out + ")");
            default -> f.finish("validate(" + out + ")");
        }
    }

    // ---- CWE-680 -----------------------------------------------------------------------------------

    static void allocOverflow(FunctionWriter f, boolean vulnerable) {
        f.returnsInt();
        switch (f.rnd.nextInt(3)) {
            case 0 -> {
                String out = f.param("struct record **", f.var("out", "result", "list_out", "items_out", "dst"));
                String count = f.param("size_t", f.var("count", "n", "nitems", "num", "total", "nrecords"));
                String items = f.local("struct record *", f.var("items", "recs", "list", "arr", "table", "entries"));
                String i = f.local("size_t", f.var(Words.LOOP));
                String elem = f.chance(0.5) ? f.sizeOf("*" + items) : "sizeof(struct record)";
                f.decor(2);
                f.openRegion(0.35);
                if (f.chance(0.2)) {
                    f.guard(f.isNull(out), f.failBlock());
                }
                int kind = f.rnd.nextInt(3);
                if (vulnerable) {
                    switch (f.rnd.nextInt(4)) {
                        case 0 -> f.guard(count + " == 0", f.failBlock());
                        case 1 -> f.guard(f.isNull(out), f.failBlock());
                        case 2 -> f.guard(count + " == 0 || " + f.isNull(out), f.failBlock());
                        default -> { }
                    }
                } else if (kind == 0) {
                    f.guard(count + " > SIZE_MAX / " + elem, f.failBlock());
                } else if (kind == 2) {
                    f.guard(count + " == 0 || " + count + " > " + f.pick(256, 1024, 4096, 10000, 65536), f.failBlock());
                }
                f.line(items + " = " + (!vulnerable && kind == 1 ? "calloc(" + count + ", " + elem + ")"
                        : "malloc(" + count + " * " + elem + ")") + ";");
                f.guard(f.isNull(items), f.failBlock());
                f.open("for (" + i + " = 0; " + i + " < " + count + "; " + i + "++)");
                String[] fields = {".kind = " + f.between(0, 7), ".count = 0", ".size = 0", ".data = NULL"};
                int nf = f.between(1, 3);
                int start = f.rnd.nextInt(fields.length);
                for (int k = 0; k < nf; k++) {
                    f.line(items + "[" + i + "]" + fields[(start + k) % fields.length] + ";");
                }
                f.close();
                f.line("*" + out + " = " + items + ";");
                f.finish("0");
            }
            case 1 -> {
                String width = f.param("int", f.var("width", "w", "cols", "ncols", "x_count"));
                String height = f.param("int", f.var("height", "h", "rows", "nrows", "y_count"));
                String out = f.param("unsigned char **", f.var("out", "pixels_out", "result", "dst", "image"));
                String fill = f.param("unsigned char", f.var("fill", "value", "color", "shade", "bg"));
                String pixels = f.local("unsigned char *", f.var("pixels", "img", "bitmap", "raster", "plane"));
                String x = f.local("int", f.exact("x", "col", "c"));
                String y = f.local("int", f.exact("y", "row", "r"));
                int bpp = f.pick(1, 2, 3, 4);
                String stride = bpp == 1 ? width : width + " * " + bpp;
                String alloc = bpp == 1 ? width + " * " + height : width + " * " + height + " * " + bpp;
                f.decor(2);
                f.openRegion(0.35);
                String positive = width + " <= 0 || " + height + " <= 0";
                if (vulnerable) {
                    double r = f.rnd.nextDouble();
                    if (r < 0.55) {
                        // limits too loose to keep width * height * bpp inside an int
                        int loose = f.pick(65536, 100000, 1000000);
                        f.guard(positive + " || " + width + " > " + loose + " || " + height + " > " + loose,
                                f.failBlock());
                    } else if (r < 0.9) {
                        f.guard(positive, f.failBlock());
                    }
                } else {
                    switch (f.rnd.nextInt(3)) {
                        case 0 -> {
                            f.guard(positive, f.failBlock());
                            f.guard(width + " > INT_MAX / " + (bpp == 1 ? "" : bpp + " / ") + height, f.failBlock());
                        }
                        case 1 -> f.guard(positive + " || " + width + " > " + f.pick(4096, 8192, 10000) + " || "
                                + height + " > " + f.pick(4096, 8192, 10000), f.failBlock());
                        default -> f.guard(positive + " || " + width + " > INT_MAX / " + (bpp == 1 ? "" : bpp + " / ")
                                + height, f.failBlock());
                    }
                }
                f.line(pixels + " = malloc(" + alloc + ");");
                f.guard(f.isNull(pixels), f.failBlock());
                f.open("for (" + y + " = 0; " + y + " < " + height + "; " + y + "++)");
                f.open("for (" + x + " = 0; " + x + " < " + stride + "; " + x + "++)");
                f.line(pixels + "[" + y + " * " + stride + " + " + x + "] = " + fill + ";");
                f.close();
                f.close();
                f.line("*" + out + " = " + pixels + ";");
                f.finish("0");
            }
            default -> {
                String hdr = f.param("const unsigned char *", f.var("hdr", "header", "msg", "pkt", "frame", "raw"));
                String n = f.local("unsigned int", f.var("n", "count", "nitems", "entries", "num"));
                String bytes = f.local("unsigned int", f.var("bytes", "total", "nbytes", "alloc_len", "size"));
                String table = f.local("unsigned char *", f.var("table", "slots", "items", "area", "store"));
                String i = f.local("unsigned int", f.var(Words.LOOP));
                String rc = f.local("int", f.var(Words.STATUS));
                int es = f.pick(8, 12, 16, 24, 32, 64);
                f.decor(2);
                f.openRegion(0.35);
                f.line(n + " = read_u32(" + hdr + ");");
                if (vulnerable) {
                    double r = f.rnd.nextDouble();
                    if (r < 0.4) {
                        // 0x40000000 elements of 8 bytes or more already wrap an unsigned int
                        f.guard(n + " == 0 || " + n + " > " + f.pick("0x40000000", "1000000000", "0x7fffffff"),
                                f.failBlock());
                    } else if (r < 0.8) {
                        f.guard(n + " == 0", f.failBlock());
                    }
                } else if (f.chance(0.5)) {
                    f.guard(n + " > UINT_MAX / " + es, f.failBlock());
                } else {
                    f.guard(n + " == 0 || " + n + " > " + f.pick(1024, 4096, 65536), f.failBlock());
                }
                f.line(bytes + " = " + n + " * " + es + ";");
                f.line(table + " = malloc(" + bytes + ");");
                f.guard(f.isNull(table), f.failBlock());
                f.open("for (" + i + " = 0; " + i + " < " + n + "; " + i + "++)");
                f.line("memset(" + table + " + (size_t)" + i + " * " + es + ", " + f.between(0, 255) + ", " + es + ");");
                f.close();
                f.line(rc + " = consume((const char *)" + table + ", (int)" + bytes + ");");
                f.line("free(" + table + ");");
                f.finish(rc);
            }
        }
    }
}
