package dev.leaklab.core.data;

import static dev.leaklab.core.data.ReaderTestSupport.read;
import static dev.leaklab.core.data.ReaderTestSupport.write;
import static dev.leaklab.core.data.ReaderTestSupport.writeBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class GadgetReaderTest {

    private static final String SEP = "---------------------------------\n";

    @TempDir
    Path dir;

    @Test
    void readsHeaderStatementsAndLabel() throws Exception {
        Path file = write(dir, "cwe119_cgd.txt", "1 CVE-1/prog.c cfunc 44\nchar buf[10];\nstrcpy(buf, s);\n1\n" + SEP
                + "2 123/x.c inputfunc 7\nint a = 0;\n0\n" + SEP);
        List<Sample> samples = read(DatasetFormat.GADGETS, file);
        assertThat(samples).containsExactly(
                new Sample("1", "char buf[10];\nstrcpy(buf, s);", 1, "CVE-1/prog.c", 44, "CWE-119", "cfunc"),
                new Sample("2", "int a = 0;", 0, "123/x.c", 7, "CWE-119", "inputfunc"));
    }

    @Test
    void keepsAPathWithSpacesWhole() throws Exception {
        Path file = write(dir, "g.txt", "9 /data/My Programs/a b.c free_error 12\nfree(p);\n1\n" + SEP
                + "10 x.c f 1\nx();\n0\n");
        Sample first = read(DatasetFormat.GADGETS, file).get(0);
        assertThat(first.source()).isEqualTo("/data/My Programs/a b.c");
        assertThat(first.tag()).isEqualTo("free_error");
        assertThat(first.line()).isEqualTo(12);
        assertThat(first.cwe()).isNull();
    }

    @Test
    void keepsAnUnusualHeaderAsText() throws Exception {
        Path file = write(dir, "g.txt", "77 memcpy(dst, src, n); key statement\nmemcpy(dst, src, n);\n1\n" + SEP
                + "78 y.c f 2\ny();\n0\n");
        Sample first = read(DatasetFormat.GADGETS, file).get(0);
        assertThat(first.id()).isEqualTo("77");
        assertThat(first.source()).isEqualTo("memcpy(dst, src, n); key statement");
    }

    @Test
    void acceptsOtherSeparatorLengthsAndLineEndings() throws Exception {
        Path file = write(dir, "g.txt", "1 a.c f 1\r\nx();\r\n1\r\n-----\r\n2 b.c f 2\r\ny();\r\n0\r\n");
        assertThat(read(DatasetFormat.GADGETS, file)).extracting(Sample::code).containsExactly("x();", "y();");
    }

    @Test
    void treatsADashLineOfAnotherLengthAsContent() throws Exception {
        Path file = write(dir, "g.txt", "1 a.c f 1\nx();\n1\n-----\n2 b.c f 2\ny();\n----\nz();\n0\n-----\n"
                + "3 c.c f 3\nw();\n0\n");
        List<Sample> samples = read(DatasetFormat.GADGETS, file);
        assertThat(samples).hasSize(3);
        assertThat(samples.get(1).code()).isEqualTo("y();\n----\nz();");
    }

    @Test
    void rejectsANonBinaryLabelInStrictMode() throws Exception {
        Path file = write(dir, "g.txt", "1 a.c f 1\nx();\n1\n" + SEP + "2 b.c f 2\ny();\n7\n");
        assertThatThrownBy(() -> read(DatasetFormat.GADGETS, file, ReaderOptions.defaults().withStrict(true)))
                .isInstanceOf(DatasetException.class)
                .hasMessage(file + ":7: the last line of a record must be its label 0 or 1, found '7'");
    }

    @Test
    void skipsARareMalformedRecordButRejectsAFileOfThem() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            many.append(i).append(" a.c f 1\nx").append(i).append("();\n").append(i == 20 ? "" : i % 2).append('\n')
                    .append(SEP);
        }
        assertThat(read(DatasetFormat.GADGETS, write(dir, "many.txt", many.toString()))).hasSize(39);

        Path bad = write(dir, "bad.txt", "1 a.c f 1\nx();\nmaybe\n" + SEP + "2 b.c f 2\ny();\n1\n");
        assertThatThrownBy(() -> read(DatasetFormat.GADGETS, bad))
                .hasMessageStartingWith(bad + ":3: the last line of a record must be its label 0 or 1, found 'maybe'")
                .hasMessageContaining("1 of 2 records malformed");
    }

    @Test
    void saysARejectedFilesReasonOnceAndWarnsOfSkipsOnlyInAnAcceptedFile() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger(RecordSkipper.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        log.addAppender(events);
        ch.qos.logback.classic.Level level = log.getLevel();
        log.setLevel(ch.qos.logback.classic.Level.WARN);
        log.setAdditive(false);
        try {
            Path only = write(dir, "only.txt", "1 a.c f 1\nx();\nmaybe\n" + SEP);
            assertThatThrownBy(() -> read(DatasetFormat.GADGETS, only))
                    .hasMessage(only + ":3: the last line of a record must be its label 0 or 1, found 'maybe' "
                            + "(1 of 1 records malformed)");
            assertThat(events.list).isEmpty();

            StringBuilder many = new StringBuilder();
            for (int i = 1; i <= 40; i++) {
                many.append(i).append(" a.c f 1\nx();\n").append(i == 20 ? "maybe" : i % 2).append('\n').append(SEP);
            }
            assertThat(read(DatasetFormat.GADGETS, write(dir, "many.txt", many.toString()))).hasSize(39);
            assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                    .contains("many.txt:", "found 'maybe' (record skipped)");
        } finally {
            log.setLevel(level);
            log.setAdditive(true);
            log.detachAppender(events);
        }
    }

    @Test
    void namesTheLineOfAMissingHeaderOrAMissingClosingLine() throws Exception {
        Path headerless = write(dir, "h.txt", "\nstrcpy(buf, src);\n1\n" + SEP + "2 b.c f 2\ny();\n0\n" + SEP);
        assertThatThrownBy(() -> DatasetLoader.detect(headerless))
                .hasMessageStartingWith(headerless + ":2: expected a gadget header")
                .hasMessageEndingWith("found 'strcpy(buf, src);'");
        Path unclosed = write(dir, "u.txt", "1 foo.c strcpy 12\nstrcpy(buf, src);\n1\n");
        assertThatThrownBy(() -> DatasetLoader.detect(unclosed))
                .hasMessage(unclosed + ":4: expected a line of dashes closing the gadget record begun at line 1 "
                        + "(gadget files end each record with one)");
        Path prose = write(dir, "p.txt", "just some notes\n");
        assertThatThrownBy(() -> DatasetLoader.detect(prose)).hasMessageContaining("cannot tell the dataset format");
        assertThat(DatasetLoader.detect(write(dir, "ok.txt", "1 foo.c strcpy 12\nstrcpy(b, s);\n1\n" + SEP)))
                .isEqualTo(DatasetFormat.GADGETS);
    }

    @Test
    void rejectsARecordWithoutStatements() throws Exception {
        Path file = write(dir, "g.txt", "1 a.c f 1\n1\n");
        assertThatThrownBy(() -> read(DatasetFormat.GADGETS, file))
                .hasMessageStartingWith(file + ":1: record has a label but no statements");
    }

    @Test
    void rejectsEmptyBinaryAndHeaderlessFiles() throws Exception {
        Path empty = write(dir, "empty.txt", "");
        assertThatThrownBy(() -> read(DatasetFormat.GADGETS, empty)).hasMessage(empty + ": file is empty");
        Path binary = writeBytes(dir, "bin.txt", new byte[] {1, 2, 0, 3, 0, 0, 7});
        assertThatThrownBy(() -> read(DatasetFormat.GADGETS, binary))
                .hasMessage(binary + ":1: binary file (contains NUL bytes), not a text dataset");
        Path dashes = write(dir, "dashes.txt", SEP + SEP);
        assertThatThrownBy(() -> read(DatasetFormat.GADGETS, dashes)).hasMessageContaining("no gadget records");
    }

    @Test
    void rejectsARecordOverTheSizeCap() throws Exception {
        Path file = write(dir, "g.txt", "1 a.c f 1\n" + "x();\n".repeat(100) + "1\n");
        assertThatThrownBy(() -> read(DatasetFormat.GADGETS, file, ReaderOptions.defaults().withMaxRecordChars(200)))
                .hasMessageStartingWith(file + ":1: record is longer than the record cap of 200 characters");
    }

    @Test
    void readsLatin1WithTheFallbackAndRejectsItWithout() throws Exception {
        byte[] latin1 = "1 a.c f 1\nputs(\"caf\u00e9\");\n1\n-----\n2 b.c f 1\ny();\n0\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        Path file = writeBytes(dir, "latin.txt", latin1);
        assertThat(read(DatasetFormat.GADGETS, file).get(0).code()).isEqualTo("puts(\"caf\u00e9\");");
        assertThatThrownBy(() -> read(DatasetFormat.GADGETS, file, ReaderOptions.defaults().withFallbackCharset(null)))
                .hasMessageStartingWith(file + ":2: bytes are not valid UTF-8");
    }

    @Test
    void skipsAUtf8ByteOrderMark() throws IOException, DatasetException {
        byte[] text = "1 a.c f 1\nx();\n1\n-----\n2 b.c f 1\ny();\n0\n".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[text.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withBom, 3, text.length);
        assertThat(read(DatasetFormat.GADGETS, writeBytes(dir, "bom.txt", withBom)).get(0).id()).isEqualTo("1");
    }
}
