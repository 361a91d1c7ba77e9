package dev.leaklab.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading folders whose top-level subfolders name the label. */
class FolderReaderTest {

    @TempDir
    Path root;

    private final FolderReader reader = new FolderReader();

    @Test
    void vulnerableAndSafeFoldersGiveOneSamplePerFileInPathOrder() throws Exception {
        write("safe/b.c", "int b(void) { return 0; }\n");
        write("vulnerable/a.c", "void a(char *p) { strcpy(p, \"x\"); }\n");
        write("safe/a.cpp", "int a() { return 1; }\n");

        List<Sample> samples = read(root);

        assertThat(samples).extracting(Sample::id).containsExactly("safe/a.cpp", "safe/b.c", "vulnerable/a.c");
        assertThat(samples).extracting(Sample::label).containsExactly(0, 0, 1);
        assertThat(samples.get(2)).isEqualTo(new Sample("vulnerable/a.c", "void a(char *p) { strcpy(p, \"x\"); }\n",
                1, "vulnerable/a.c", 1, null, null));
    }

    @Test
    void oneAndZeroFoldersWithNestedFilesAndCweFolders() throws Exception {
        write("1/CWE-787/deep/x.c", "x\n");
        write("0/lib/y.h", "y\n");
        write("0/CWE_476/z.hpp", "z\n");

        List<Sample> samples = read(root);

        assertThat(samples).extracting(Sample::id)
                .containsExactly("0/CWE_476/z.hpp", "0/lib/y.h", "1/CWE-787/deep/x.c");
        assertThat(samples).extracting(Sample::label).containsExactly(0, 0, 1);
        assertThat(samples).extracting(Sample::cwe).containsExactly("CWE-476", null, "CWE-787");
        assertThat(samples).extracting(Sample::line).containsOnly(1);
        assertThat(samples).extracting(Sample::tag).containsOnly((String) null);
    }

    @Test
    void labelFolderNamesAreCaseInsensitiveAndOneLabelAloneIsAccepted() throws Exception {
        write("Non-Vulnerable/a.c", "a\n");
        write("BENIGN/b.c", "b\n");

        assertThat(read(root)).extracting(Sample::label).containsExactly(0, 0);
    }

    @Test
    void nonSourceAndHiddenEntriesAreIgnored() throws Exception {
        write("README.md", "# dataset\n");
        write("LICENSE", "MIT\n");
        write(".git/config", "[core]\n");
        write(".cache/x.c", "x\n");
        write("bad/notes.txt", "notes\n");
        write("bad/.hidden.c", "h\n");
        write("bad/.svn/y.c", "y\n");
        write("bad/src/Makefile", "all:\n");
        write("bad/src/main.C", "int main() { }\n");
        write("good/src/util.hh", "util\n");

        assertThat(read(root)).extracting(Sample::id).containsExactly("bad/src/main.C", "good/src/util.hh");
    }

    @Test
    void anUnknownTopFolderIsAnErrorNamingItAndTheExpectedNames() throws Exception {
        write("vulnerable/a.c", "a\n");
        write("fixed/b.c", "b\n");

        assertThatThrownBy(() -> read(root)).isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(root.resolve("fixed") + ": unexpected top-level folder 'fixed'")
                .hasMessageContaining("vulnerable, vuln, bad, positive, 1")
                .hasMessageContaining("safe, not-vulnerable, non-vulnerable, nonvulnerable, benign, clean, good, "
                        + "negative, 0")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aSourceFileAtTheTopHasNoLabelAndIsAnError() throws Exception {
        write("vulnerable/a.c", "a\n");
        write("stray.c", "s\n");

        assertThatThrownBy(() -> read(root)).isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(root.resolve("stray.c") + ": source file outside a label folder");
    }

    @Test
    void aMissingFolderIsAnError() {
        Path missing = root.resolve("missing");

        assertThatThrownBy(() -> read(missing)).isInstanceOf(DatasetException.class)
                .hasMessage(missing + ": no such folder");
    }

    @Test
    void aFileIsNotAFolder() throws Exception {
        Path file = write("data.c", "x\n");

        assertThatThrownBy(() -> read(file)).isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(file + ": not a folder");
    }

    @Test
    void aFolderWithoutLabelFoldersIsAnError() throws Exception {
        write("README.md", "nothing here\n");

        assertThatThrownBy(() -> read(root)).isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(root + ": no label folders: expected subfolders named vulnerable");
    }

    @Test
    void labelFoldersWithoutSourceFilesAreAnError() throws Exception {
        Files.createDirectories(root.resolve("vulnerable/empty"));
        write("safe/notes.txt", "n\n");

        assertThatThrownBy(() -> read(root)).isInstanceOf(DatasetException.class)
                .hasMessage(root + ": no C/C++ source files (.c, .h, .cc, .cpp, .cxx, .hpp, .hh, .hxx) under the "
                        + "label folders");
    }

    @Test
    void anEmptySourceFileIsRejectedWithItsPath() throws Exception {
        write("safe/a.c", "a\n");
        Path empty = write("vulnerable/empty.c", "");

        assertThatThrownBy(() -> read(root)).isInstanceOf(DatasetException.class)
                .hasMessage(empty + ": file is empty");
    }

    private Path write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private List<Sample> read(Path path) throws DatasetException {
        List<Sample> samples = new ArrayList<>();
        reader.read(path, ReaderOptions.defaults(), samples::add);
        return samples;
    }
}
