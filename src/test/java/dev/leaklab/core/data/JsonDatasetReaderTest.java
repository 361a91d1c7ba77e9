package dev.leaklab.core.data;

import static dev.leaklab.core.data.ReaderTestSupport.read;
import static dev.leaklab.core.data.ReaderTestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonDatasetReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsDevignStyleJsonLines() throws Exception {
        Path file = write(dir, "train.jsonl", """
                {"project": "FFmpeg", "commit_id": "abc", "target": 1, "func": "int f(){return 0;}", "idx": 7}

                {"project": "qemu", "commit_id": "def", "target": 0, "func": "void g(){}", "idx": 8}
                """);
        List<Sample> samples = read(DatasetFormat.JSONL, file);
        assertThat(samples).containsExactly(
                new Sample("7", "int f(){return 0;}", 1, "train.jsonl", 1, null, "FFmpeg"),
                new Sample("8", "void g(){}", 0, "train.jsonl", 3, null, "qemu"));
    }

    @Test
    void readsPrimeVulStyleCweListsAndBooleanLabels() throws Exception {
        Path file = write(dir, "p.jsonl", """
                {"func": "a();", "target": true, "cwe": ["CWE-787", "CWE-125"], "func_hash": "h1"}
                {"func": "b();", "target": false, "cwe": [], "func_hash": "h2"}
                """);
        List<Sample> samples = read(DatasetFormat.JSONL, file);
        assertThat(samples.get(0).cwe()).isEqualTo("CWE-787");
        assertThat(samples.get(0).id()).isEqualTo("h1");
        assertThat(samples.get(1).cwe()).isNull();
        assertThat(samples.get(1).label()).isZero();
    }

    @Test
    void readsAJsonArrayWithConfiguredFields() throws Exception {
        Path file = write(dir, "d.json", """
                [
                  {"code": "x();", "is_bug": 1},
                  {"code": "y();", "is_bug": 0}
                ]
                """);
        List<Sample> samples = read(DatasetFormat.JSON, file, ReaderOptions.defaults().withCodeField("code")
                .withLabelField("is_bug"));
        assertThat(samples).extracting(Sample::code, Sample::label, Sample::line, Sample::id)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("x();", 1, 2, "1"),
                        org.assertj.core.groups.Tuple.tuple("y();", 0, 3, "2"));
    }

    @Test
    void rejectsTruncatedJson() throws Exception {
        Path file = write(dir, "d.json", "[\n{\"func\": \"x\", \"target\": 1},\n{\"func\": \"y\", ");
        assertThatThrownBy(() -> read(DatasetFormat.JSON, file))
                .isInstanceOf(DatasetException.class)
                .hasMessage(file + ":3: truncated JSON: unexpected end of input");
    }

    @Test
    void rejectsAMissingConfiguredField() throws Exception {
        Path file = write(dir, "d.jsonl", "{\"func\": \"x\", \"target\": 1}\n");
        assertThatThrownBy(() -> read(DatasetFormat.JSONL, file, ReaderOptions.defaults().withLabelField("vul")))
                .hasMessage(file + ":1: no label field 'vul' (fields: func, target)");
    }

    @Test
    void rejectsRecordsWithoutAnyKnownCodeField() throws Exception {
        Path file = write(dir, "d.jsonl", "{\"text\": \"x\", \"target\": 1}\n");
        assertThatThrownBy(() -> read(DatasetFormat.JSONL, file))
                .hasMessageStartingWith(file + ":1: no code field among [func, func_before, code");
    }

    @Test
    void asksForTheCodeFieldWhenSourceNamesAProject() throws Exception {
        Path file = write(dir, "d.jsonl", """
                {"source": "ffmpeg", "body": "int f(){return 0;}", "label": 1}
                {"source": "ffmpeg", "body": "int g(){return 1;}", "label": 0}
                """);
        assertThatThrownBy(() -> read(DatasetFormat.JSONL, file))
                .hasMessage(file + ":1: no code field among [func, func_before, code, function, processed_func, "
                        + "source] ('source' holds 'ffmpeg', which is not code); fields: source, body, label; "
                        + "name the one holding the code with --code-field");
        assertThat(read(DatasetFormat.JSONL, file, ReaderOptions.defaults().withCodeField("body")))
                .extracting(Sample::code).containsExactly("int f(){return 0;}", "int g(){return 1;}");
    }

    @Test
    void readsCodeFromASourceFieldThatHoldsCode() throws Exception {
        Path file = write(dir, "d.jsonl", "{\"source\": \"int f(){return 0;}\", \"label\": 1}\n");
        assertThat(read(DatasetFormat.JSONL, file)).extracting(Sample::code).containsExactly("int f(){return 0;}");
    }

    @Test
    void rejectsBadLabelsAndMissingLabelsInStrictMode() throws Exception {
        Path file = write(dir, "d.jsonl", "{\"func\": \"x\", \"target\": 1}\n{\"func\": \"y\", \"target\": 2}\n");
        ReaderOptions strict = ReaderOptions.defaults().withStrict(true);
        assertThatThrownBy(() -> read(DatasetFormat.JSONL, file, strict))
                .hasMessage(file + ":2: label in field 'target' must be 0 or 1, found '2'");
        Path missing = write(dir, "m.jsonl", "{\"func\": \"x\", \"target\": 1}\n{\"func\": \"y\"}\n");
        assertThatThrownBy(() -> read(DatasetFormat.JSONL, missing, strict))
                .hasMessage(missing + ":2: record has no label in field 'target'");
    }

    @Test
    void rejectsALineThatIsNotAnObject() throws Exception {
        Path file = write(dir, "d.jsonl", "[1, 2]\n");
        assertThatThrownBy(() -> read(DatasetFormat.JSONL, file))
                .hasMessageStartingWith(file + ":1: expected one JSON object a line, found array");
    }

    @Test
    void rejectsAnObjectWhereAnArrayIsExpected() throws Exception {
        Path file = write(dir, "d.json", "{\"func\": \"x\", \"target\": 1}");
        assertThatThrownBy(() -> read(DatasetFormat.JSON, file))
                .hasMessageContaining(":1: expected a JSON array of objects");
    }

    @Test
    void rejectsALineOverTheSizeCapBeforeHoldingIt() throws Exception {
        Path file = write(dir, "d.jsonl", "{\"func\": \"" + "x".repeat(5000) + "\", \"target\": 1}\n");
        assertThatThrownBy(() -> read(DatasetFormat.JSONL, file, ReaderOptions.defaults().withMaxRecordChars(1000)))
                .hasMessage(file + ":1: line is longer than the record cap of 1000 characters");
    }
}
