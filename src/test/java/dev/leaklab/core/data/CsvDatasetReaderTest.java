package dev.leaklab.core.data;

import static dev.leaklab.core.data.ReaderTestSupport.read;
import static dev.leaklab.core.data.ReaderTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsBigVulStyleMultiLineQuotedFunctions() throws Exception {
        Path file = write(dir, "bigvul.csv", ",CVE ID,CWE ID,func_before,vul,project\r\n"
                + "0,CVE-2017-1,CWE-119,\"int f(char *s) {\r\n  char b[4];\r\n  strcpy(b, s); /* \"\"quoted\"\" */\r\n}\",1,linux\r\n"
                + "1,CVE-2017-2,,\"void g() { }\",0,qemu\r\n");
        List<Sample> samples = read(DatasetFormat.CSV, file);
        assertThat(samples).hasSize(2);
        Sample first = samples.get(0);
        assertThat(first.code()).isEqualTo("int f(char *s) {\r\n  char b[4];\r\n  strcpy(b, s); /* \"quoted\" */\r\n}");
        assertThat(first.label()).isEqualTo(1);
        assertThat(first.cwe()).isEqualTo("CWE-119");
        assertThat(first.id()).isEqualTo("0");
        assertThat(first.line()).isEqualTo(2);
        assertThat(first.tag()).isEqualTo("linux");
        assertThat(samples.get(1).line()).isEqualTo(6);
        assertThat(samples.get(1).cwe()).isNull();
    }

    @Test
    void readsConfiguredColumns() throws Exception {
        Path file = write(dir, "d.csv", "snippet,bug\n\"a();\",1\n\"b();\",0\n");
        List<Sample> samples = read(DatasetFormat.CSV, file, ReaderOptions.defaults().withCodeField("snippet")
                .withLabelField("bug"));
        assertThat(samples).extracting(Sample::code).containsExactly("a();", "b();");
    }

    @Test
    void rejectsAnUnterminatedQuote() throws Exception {
        Path file = write(dir, "d.csv", "func,target\n\"a();\",1\n\"b();,0\nc,1\n");
        assertThatThrownBy(() -> read(DatasetFormat.CSV, file))
                .isInstanceOf(DatasetException.class)
                .hasMessage(file + ":3: unterminated quoted field (a \" opened here is never closed)");
    }

    @Test
    void rejectsAMissingColumn() throws Exception {
        Path file = write(dir, "d.csv", "func,target\n\"a();\",1\n");
        assertThatThrownBy(() -> read(DatasetFormat.CSV, file, ReaderOptions.defaults().withLabelField("vul")))
                .hasMessage(file + ":1: no label field 'vul' (fields: func, target)");
    }

    @Test
    void rejectsAWrongFieldCountAndABadLabelInStrictMode() throws Exception {
        ReaderOptions strict = ReaderOptions.defaults().withStrict(true);
        Path short1 = write(dir, "s.csv", "func,target\n\"a();\",1\n\"b();\"\n");
        assertThatThrownBy(() -> read(DatasetFormat.CSV, short1, strict))
                .hasMessage(short1 + ":3: record has 1 fields, the header has 2");
        Path label = write(dir, "l.csv", "func,target\n\"a();\",yes\n");
        assertThatThrownBy(() -> read(DatasetFormat.CSV, label, strict))
                .hasMessage(label + ":2: label in field 'target' must be 0 or 1, found 'yes'");
    }

    @Test
    void rejectsAHeaderWithoutRecords() throws Exception {
        Path file = write(dir, "d.csv", "func,target\n");
        assertThatThrownBy(() -> read(DatasetFormat.CSV, file)).hasMessage(file + ": no records after the header");
    }
}
