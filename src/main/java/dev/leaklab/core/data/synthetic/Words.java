package dev.leaklab.core.data.synthetic;

import java.util.Set;

/**
 * The vocabularies the generator draws names, messages and sizes from. Every list is neutral: no word
 * hints at whether a function is vulnerable, so names and strings cannot stand in for the label.
 */
final class Words {

    private Words() {
    }

    static final String[] INPUTS = {"name", "input", "user_input", "src", "path", "host", "arg", "value", "query",
        "token", "key", "username", "filename", "label", "title", "text", "param", "word", "login", "email",
        "alias", "nick", "dir", "target", "url", "request_line", "field", "domain", "service", "topic"};

    static final String[] BUFFERS = {"buf", "dst", "out", "tmp", "scratch", "work", "name_buf", "line_buf",
        "path_buf", "frame", "block", "chunk", "storage", "dest", "area", "staging", "text_buf", "cell"};

    static final String[] LENGTHS = {"len", "n", "size", "count", "nbytes", "total", "length", "want", "avail",
        "amount", "nread", "sz", "bytes", "data_len"};

    static final String[] INDICES = {"idx", "pos", "slot", "offset", "cursor", "which", "entry_no", "id", "key",
        "at", "num"};

    static final String[] LOOP = {"i", "j", "k"};

    static final String[] POINTERS = {"p", "ptr", "mem", "data", "blob", "copy", "dup", "chunk", "block", "res",
        "buf", "tmp", "out", "region"};

    static final String[] STATUS = {"rc", "ret", "status", "err", "result", "res", "code", "r"};

    static final String[] SELECTORS = {"mode", "kind", "op", "action", "cmd", "opcode", "level", "phase",
        "type", "variant", "channel", "verb"};

    static final String[] FLAGS = {"flags", "opts", "options", "mask", "bits", "features"};

    static final String[] PREFIXES = {"raw_", "tmp_", "local_", "new_", "cur_", "in_", "out_", "my_", "req_",
        "hdr_", "user_", "next_", "last_"};

    static final String[] SUFFIXES = {"2", "1", "0", "_tmp", "_cur", "_local", "_in", "_out", "_new", "_x"};

    static final String[] VERBS = {"parse", "copy", "load", "handle", "read", "process", "build", "decode",
        "format", "store", "update", "init", "fill", "render", "append", "prepare", "apply", "scan", "emit",
        "register", "lookup", "resolve", "split", "convert", "dispatch", "run", "send", "fetch", "save", "merge",
        "encode", "push", "reset", "collect", "import", "export", "attach", "route", "serialize", "restore",
        "probe", "queue", "print", "dump", "sync", "accept", "open", "close", "refresh", "expand"};

    static final String[] NOUNS = {"header", "name", "config", "request", "packet", "record", "entry", "field",
        "path", "message", "user", "session", "token", "frame", "table", "list", "command", "reply", "option",
        "label", "chunk", "block", "line", "string", "payload", "attr", "key", "value", "host", "item", "event",
        "response", "query", "cache", "profile", "args", "buffer", "node", "slot", "report", "status", "url",
        "cookie", "column", "row", "image", "tile", "account", "metric", "params", "job", "peer", "route",
        "segment", "channel", "device", "file", "entries", "headers", "names"};

    static final String[] MODULES = {"", "", "", "", "", "net_", "cfg_", "io_", "srv_", "db_", "ui_", "http_",
        "app_", "fs_", "dev_", "proto_", "util_", "core_", "rpc_"};

    static final String[] FUNCTION_SUFFIXES = {"", "", "", "", "", "", "", "", "_ex", "_v2", "_impl",
        "_locked", "_cb", "_internal", "_once", "_fast", "_all", "_at"};

    static final String[] INFO = {"starting", "request accepted", "parsing header", "entry loaded",
        "closing session", "retry scheduled", "cache miss", "cache hit", "processing record", "reply sent",
        "config reloaded", "reading payload", "lookup done", "queue drained", "timer expired", "state changed",
        "copying field", "building reply", "flushing output", "opening stream", "connection reset",
        "command queued", "entry updated", "buffer ready", "done", "handshake complete", "session resumed"};

    static final String[] ERRORS = {"invalid input", "rejecting request", "unexpected value", "aborting",
        "cannot continue", "read failed", "out of memory", "malformed packet", "unsupported option",
        "parse error", "request dropped", "limit reached", "empty field", "lookup failed", "giving up"};

    static final int[] SIZES = {8, 12, 16, 20, 24, 32, 40, 48, 50, 60, 64, 80, 96, 100, 120, 128, 150, 160, 200,
        255, 256, 300, 384, 500, 512, 1024};

    static final int[] LARGE_SIZES = {32, 40, 48, 64, 80, 96, 100, 128, 160, 200, 256, 300, 384, 500, 512, 1000,
        1024, 2048, 4096};

    static final int[] CAPACITIES = {16, 32, 48, 64, 100, 128, 200, 256, 500, 512, 1024, 1500, 2048, 4000, 4096,
        8192, 16384, 65536};

    /** Names a local or parameter must not take: the prelude's functions and globals, and keywords. */
    static final Set<String> RESERVED = Set.of("log_msg", "log_error", "trace_event", "record_stat",
        "read_input", "consume", "lookup_id", "validate", "send_data", "read_u32", "debug_level",
        "total_requests", "int", "char", "long", "short", "do", "if", "for", "while", "case", "default", "void",
        "return", "switch", "break", "const", "register", "export", "open", "close", "read", "index", "time",
        "free", "exit", "remove", "link", "log", "stat", "random", "signal", "select", "accept", "send");
}
