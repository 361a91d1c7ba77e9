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

/** Reading Juliet C/C++ test case trees: which functions become samples, with what fields, and the errors. */
class JulietReaderTest {

    @TempDir
    Path root;

    private final JulietReader reader = new JulietReader();

    @Test
    void aCFileGivesItsBadAndGoodFunctionsButNotTheWrapperOrMain() throws Exception {
        write(root, C01_DIR + C01_NAME + ".c", C01);

        List<Sample> samples = read(root);

        String source = C01_DIR + C01_NAME + ".c";
        assertThat(samples).extracting(Sample::tag).containsExactly(C01_NAME + "_bad", "goodG2B");
        assertThat(samples).extracting(Sample::label).containsExactly(1, 0);
        assertThat(samples).extracting(Sample::id).containsExactly(source + "#" + C01_NAME + "_bad",
                source + "#goodG2B");
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.source()).isEqualTo(source);
            assertThat(s.cwe()).isEqualTo("CWE-121");
            assertThat(s.code()).endsWith("}");
        });
        Sample bad = samples.get(0);
        assertThat(bad.line()).isEqualTo(lineOf(C01, "void " + C01_NAME + "_bad()"));
        assertThat(bad.code()).isEqualTo(function(C01, "void " + C01_NAME + "_bad()"))
                .contains("#ifdef _WIN32", "\"}{ posix {{\"", "#endif");
        Sample goodG2B = samples.get(1);
        assertThat(goodG2B.line()).isEqualTo(lineOf(C01, "static void goodG2B()"));
        assertThat(goodG2B.code()).isEqualTo(function(C01, "static void goodG2B()"));
    }

    @Test
    void cppFunctionsInsideANamespaceAreFound() throws Exception {
        write(root, CPP01_DIR + CPP01_NAME + ".cpp", CPP01);

        List<Sample> samples = read(root);

        assertThat(samples).extracting(Sample::tag).containsExactly("bad", "goodG2B", "goodB2G");
        assertThat(samples).extracting(Sample::label).containsExactly(1, 0, 0);
        assertThat(samples).extracting(Sample::cwe).containsOnly("CWE-762");
        assertThat(samples).extracting(Sample::line).containsExactly(lineOf(CPP01, "void bad()"),
                lineOf(CPP01, "static void goodG2B()"), lineOf(CPP01, "static void goodB2G()"));
        assertThat(samples.get(0).code()).isEqualTo(function(CPP01, "void bad()"));
        assertThat(samples.get(2).code()).isEqualTo(function(CPP01, "static void goodB2G()"));
    }

    @Test
    void aMultiFileCaseGivesTheSinksOfEachFile() throws Exception {
        write(root, C01_DIR + C54_PREFIX + "a.c", C54A);
        write(root, C01_DIR + C54_PREFIX + "b.c", C54B);

        List<Sample> samples = read(root);

        assertThat(samples).extracting(Sample::tag).containsExactly(C54_PREFIX + "_bad", "goodG2B",
                C54_PREFIX + "b_badSink", C54_PREFIX + "b_goodG2BSink");
        assertThat(samples).extracting(Sample::label).containsExactly(1, 0, 1, 0);
        assertThat(samples).extracting(Sample::source).containsExactly(C01_DIR + C54_PREFIX + "a.c",
                C01_DIR + C54_PREFIX + "a.c", C01_DIR + C54_PREFIX + "b.c", C01_DIR + C54_PREFIX + "b.c");
        // the sink's prototype just above is a declaration, not part of the bad function
        assertThat(samples.get(0).code()).startsWith("void " + C54_PREFIX + "_bad()\n{")
                .doesNotContain("badSink(int * data);");
        assertThat(samples.get(2).code()).isEqualTo(function(C54B, "void " + C54_PREFIX + "b_badSink("));
        assertThat(samples.get(2).line()).isEqualTo(lineOf(C54B, "void " + C54_PREFIX + "b_badSink("));
    }

    @Test
    void aWholeTreeIsReadInPathOrderSkippingSupportFiles() throws Exception {
        write(root, CPP01_DIR + CPP01_NAME + ".cpp", CPP01);
        write(root, C01_DIR + C54_PREFIX + "b.c", C54B);
        write(root, C01_DIR + C54_PREFIX + "a.c", C54A);
        write(root, C01_DIR + C01_NAME + ".c", C01);
        write(root, C01_DIR + "main_linux.cpp", "#ifndef OMITBAD\nint main() { return 0; }\n#endif\n");
        write(root, C01_DIR + "testcases.h", "void " + C01_NAME + "_bad();\n");
        write(root, "testcasesupport/io.c", "#ifndef OMITBAD\nvoid printLine(const char * line) { }\n#endif\n");
        write(root, "testcasesupport/std_testcase.h", "#define INCLUDEMAIN\n");

        List<Sample> samples = read(root);

        assertThat(samples).hasSize(9);
        assertThat(samples).extracting(Sample::source).doesNotContain(C01_DIR + "main_linux.cpp",
                "testcasesupport/io.c");
        assertThat(samples).extracting(Sample::id).doesNotHaveDuplicates();
        assertThat(samples.get(0).source()).isEqualTo(C01_DIR + C01_NAME + ".c");
        assertThat(samples.get(8).id()).isEqualTo(CPP01_DIR + CPP01_NAME + ".cpp#goodB2G");
        assertThat(samples).filteredOn(Sample::isVulnerable).hasSize(4);
        assertThat(read(root)).isEqualTo(samples);
    }

    @Test
    void aSingleFileIsNamedByItsFileName() throws Exception {
        Path file = write(root, C01_DIR + C01_NAME + ".c", C01);

        List<Sample> samples = read(file);

        assertThat(samples).extracting(Sample::id).containsExactly(C01_NAME + ".c#" + C01_NAME + "_bad",
                C01_NAME + ".c#goodG2B");
        assertThat(samples).extracting(Sample::source).containsOnly(C01_NAME + ".c");
        assertThat(samples).extracting(Sample::cwe).containsOnly("CWE-121");
    }

    @Test
    void cppMemberDefinitionsCountInsideARegionAroundTheNamespace() throws Exception {
        String name = "CWE121_Stack_Based_Buffer_Overflow__char_type_overrun_memcpy_83";
        String text = """
                #ifndef OMITBAD

                #include "std_testcase.h"
                #include "NAME.h"

                namespace NAME
                {
                NAME_bad::NAME_bad(char * dataCopy) : data(dataCopy), size(sizeof(char))
                {
                    data = dataCopy;
                }

                NAME_bad::~NAME_bad()
                {
                    printLine(data);
                }

                void NAME_bad::action(char * data) const
                {
                    printLine(data);
                }
                }
                #endif /* OMITBAD */
                """.replace("NAME", name);
        write(root, C01_DIR + name + "_bad.cpp", text);

        List<Sample> samples = read(root);

        assertThat(samples).extracting(Sample::tag).containsExactly(name + "_bad::" + name + "_bad",
                name + "_bad::~" + name + "_bad", name + "_bad::action");
        assertThat(samples).extracting(Sample::label).containsOnly(1);
        assertThat(samples.get(0).code()).startsWith(name + "_bad::" + name + "_bad(char * dataCopy) : data(");
        assertThat(samples.get(2).code()).isEqualTo(function(text, "void " + name + "_bad::action("));
        assertThat(samples.get(2).line()).isEqualTo(lineOf(text, "void " + name + "_bad::action("));
    }

    @Test
    void aFunctionDefinedPerPlatformKeepsDistinctIds() throws Exception {
        String text = """
                #ifndef OMITGOOD
                #ifdef _WIN32
                static void goodB2G()
                {
                    closesocket(s);
                }
                #else
                static void goodB2G()
                {
                    close(s);
                }
                #endif
                #endif
                """;
        write(root, "CWE78_OS_Command_Injection__char_connect_socket_01.c", text);

        List<Sample> samples = read(root);

        String file = "CWE78_OS_Command_Injection__char_connect_socket_01.c";
        assertThat(samples).extracting(Sample::id).containsExactly(file + "#goodB2G", file + "#goodB2G@8");
        assertThat(samples).extracting(Sample::tag).containsOnly("goodB2G");
        assertThat(samples).extracting(Sample::cwe).containsOnly("CWE-78");
    }

    @Test
    void aMissingRootIsAnError() {
        Path missing = root.resolve("nope");

        assertThatThrownBy(() -> read(missing)).isInstanceOf(DatasetException.class)
                .hasMessage(missing + ": no such file or folder");
    }

    @Test
    void aTreeWithoutTestCaseFilesIsAnError() throws Exception {
        write(root, "testcasesupport/io.c", "void printLine(const char * line) { }\n");
        write(root, "testcases/CWE121_Stack_Based_Buffer_Overflow/s01/main_linux.cpp", "int main() { }\n");

        assertThatThrownBy(() -> read(root)).isInstanceOf(DatasetException.class)
                .hasMessage(root + ": no Juliet test case files (CWEnnn_*.c/.cpp) under this folder");
    }

    @Test
    void aFileWithoutRegionsGivesNoSamplesAndThatIsAnError() throws Exception {
        write(root, C01_DIR + "CWE121_plain_01.c", "void f()\n{\n}\n");

        assertThatThrownBy(() -> read(root)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("no functions inside #ifndef OMITBAD or #ifndef OMITGOOD regions");
    }

    @Test
    void aStrayEndifNamesFileAndLine() throws Exception {
        String broken = C01.replace("#endif /* OMITBAD */", "#endif /* OMITBAD */\n#endif");
        Path file = write(root, C01_DIR + C01_NAME + ".c", broken);

        assertThatThrownBy(() -> read(root)).isInstanceOf(DatasetException.class)
                .hasMessage(file + ":" + (lineOf(C01, "#endif /* OMITBAD */") + 1) + ": #endif without a matching #if");
    }

    @Test
    void anUnclosedRegionNamesItsOpeningLine() throws Exception {
        String broken = C01.substring(0, C01.lastIndexOf("#endif"));
        Path file = write(root, C01_DIR + C01_NAME + ".c", broken);

        assertThatThrownBy(() -> read(root)).isInstanceOf(DatasetException.class)
                .hasMessage(file + ":" + lineOf(C01, "#ifdef INCLUDEMAIN")
                        + ": #ifdef INCLUDEMAIN is never closed by #endif");
    }

    @Test
    void aMissingClosingBraceNamesTheUnclosedBrace() throws Exception {
        int end = C01.indexOf("\n}\n", C01.indexOf("static void goodG2B()"));
        String broken = C01.substring(0, end) + C01.substring(end + 2);
        Path file = write(root, C01_DIR + C01_NAME + ".c", broken);

        assertThatThrownBy(() -> read(root)).isInstanceOf(DatasetException.class)
                .hasMessage(file + ":" + (lineOf(C01, "static void goodG2B()") + 1)
                        + ": unbalanced braces: this '{' is never closed");
    }

    @Test
    void anExtraClosingBraceNamesItsLine() throws Exception {
        String broken = C01.replace("#endif /* OMITGOOD */\n\n/* Below", "}\n#endif /* OMITGOOD */\n\n/* Below");
        Path file = write(root, C01_DIR + C01_NAME + ".c", broken);

        assertThatThrownBy(() -> read(root)).isInstanceOf(DatasetException.class)
                .hasMessage(file + ":" + lineOf(C01, "#endif /* OMITGOOD */")
                        + ": unbalanced braces: '}' without a matching '{'");
    }

    @Test
    void aFileOverTheRecordCapIsAnErrorNamingTheCap() throws Exception {
        Path file = write(root, C01_DIR + C01_NAME + ".c", C01);

        assertThatThrownBy(() -> reader.read(root, ReaderOptions.defaults().withMaxRecordChars(100), s -> { }))
                .isInstanceOf(DatasetException.class)
                .hasMessage(file + ": file is longer than the record cap of 100 characters");
    }

    @Test
    void aBinaryTestCaseFileIsAnError() throws Exception {
        Path file = root.resolve(C01_NAME + ".c");
        Files.write(file, new byte[] {'v', 'o', 'i', 'd', 0, 1, 2});

        assertThatThrownBy(() -> read(root)).isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(file + ":").hasMessageNotContaining("\n");
    }

    @Test
    void aSingleFileMustBeCOrCpp() throws Exception {
        Path file = write(root, "CWE121_notes.txt", C01);

        assertThatThrownBy(() -> read(file)).isInstanceOf(DatasetException.class)
                .hasMessage(file + ": not a C/C++ source file (.c, .cpp, .cc, .cxx)");
    }

    @Test
    void theCweComesFromTheFirstCweSegment() {
        assertThat(SourcePaths.cweOf("testcases/CWE78_OS_Command_Injection/s02/CWE78_x_01.c", JulietReader.CWE_SEGMENT)).isEqualTo("CWE-78");
        assertThat(SourcePaths.cweOf("s01/CWE0121_x_01.c", JulietReader.CWE_SEGMENT)).isEqualTo("CWE-121");
        assertThat(SourcePaths.cweOf("s01/x_01.c", JulietReader.CWE_SEGMENT)).isNull();
    }

    private List<Sample> read(Path path) throws DatasetException {
        List<Sample> samples = new ArrayList<>();
        reader.read(path, ReaderOptions.defaults(), samples::add);
        return samples;
    }

    /** The text of the function whose signature starts with {@code signature}, up to its closing brace. */
    static String function(String text, String signature) {
        int start = text.indexOf(signature);
        return text.substring(start, text.indexOf("\n}\n", start) + 2);
    }

    // ---- Juliet 1.3 shaped fixtures, shared with JulietFolderReaderProperties

    static final String C01_NAME = "CWE121_Stack_Based_Buffer_Overflow__CWE805_char_declare_memcpy_01";
    static final String C01_DIR = "testcases/CWE121_Stack_Based_Buffer_Overflow/s01/";

    /** A single-file C test case: bad, goodG2B, the good() wrapper and main. */
    static final String C01 = """
            /* TEMPLATE GENERATED TESTCASE FILE
            Filename: CWE121_Stack_Based_Buffer_Overflow__CWE805_char_declare_memcpy_01.c
            Label Definition File: CWE121_Stack_Based_Buffer_Overflow__CWE805.string.label.xml
            Template File: sources-sink-01.tmpl.c
            */
            /*
             * @description
             * CWE: 121 Stack Based Buffer Overflow
             * BadSource:  Set data pointer to the bad buffer
             * GoodSource: Set data pointer to the good buffer
             * Sink: memcpy
             *    BadSink : Copy string to data using memcpy
             * Flow Variant: 01 Baseline
             *
             * */

            #include "std_testcase.h"

            #include <wchar.h>

            #ifndef OMITBAD

            void CWE121_Stack_Based_Buffer_Overflow__CWE805_char_declare_memcpy_01_bad()
            {
                char * data;
                char dataBadBuffer[50];
                char dataGoodBuffer[100];
                /* FLAW: Set a pointer to a "small" buffer. This buffer will be used in the sinks as a destination
                 * buffer in various memory copying functions using a "large" source buffer. } */
                data = dataBadBuffer;
                data[0] = '\\0'; /* null terminate */
            #ifdef _WIN32
                printLine("}{ windows }}");
            #else
                printLine("}{ posix {{");
            #endif
                {
                    char source[100];
                    memset(source, 'C', 100-1); /* fill with 'C's */
                    source[100-1] = '\\0'; /* null terminate */
                    /* POTENTIAL FLAW: Possible buffer overflow if the size of data is less than the length of source */
                    memcpy(data, source, 100*sizeof(char));
                    data[100-1] = '\\0'; /* Ensure the destination buffer is null terminated */
                    printLine(data);
                }
            }

            #endif /* OMITBAD */

            #ifndef OMITGOOD

            /* goodG2B uses the GoodSource with the BadSink */
            static void goodG2B()
            {
                char * data;
                char dataBadBuffer[50];
                char dataGoodBuffer[100];
                /* FIX: Set a pointer to a "large" buffer, thus avoiding buffer overflows in the sinks. */
                data = dataGoodBuffer;
                data[0] = '\\0'; /* null terminate */
                {
                    char source[100];
                    memset(source, 'C', 100-1); /* fill with 'C's */
                    source[100-1] = '\\0'; /* null terminate */
                    memcpy(data, source, 100*sizeof(char));
                    data[100-1] = '\\0'; /* Ensure the destination buffer is null terminated */
                    printLine(data);
                }
            }

            void CWE121_Stack_Based_Buffer_Overflow__CWE805_char_declare_memcpy_01_good()
            {
                goodG2B();
            }

            #endif /* OMITGOOD */

            /* Below is the main(). It is only used when building this testcase on
             * its own for testing or for building a binary to use in testing binary
             * analysis tools. It is not used when compiling all the testcases as one
             * application, which is how source code analysis tools are tested.
             */

            #ifdef INCLUDEMAIN

            int main(int argc, char * argv[])
            {
                /* seed randomness */
                srand( (unsigned)time(NULL) );
            #ifndef OMITGOOD
                printLine("Calling good()...");
                CWE121_Stack_Based_Buffer_Overflow__CWE805_char_declare_memcpy_01_good();
                printLine("Finished good()");
            #endif /* OMITGOOD */
            #ifndef OMITBAD
                printLine("Calling bad()...");
                CWE121_Stack_Based_Buffer_Overflow__CWE805_char_declare_memcpy_01_bad();
                printLine("Finished bad()");
            #endif /* OMITBAD */
                return 0;
            }

            #endif
            """;

    static final String CPP01_NAME = "CWE762_Mismatched_Memory_Management_Routines__delete_array_char_malloc_01";
    static final String CPP01_DIR = "testcases/CWE762_Mismatched_Memory_Management_Routines/s01/";

    /** A single-file C++ test case: functions inside a namespace, main outside it. */
    static final String CPP01 = """
            /* TEMPLATE GENERATED TESTCASE FILE
            Filename: CWE762_Mismatched_Memory_Management_Routines__delete_array_char_malloc_01.cpp
            Template File: sources-sinks-01.tmpl.cpp
            */

            #include "std_testcase.h"

            namespace CWE762_Mismatched_Memory_Management_Routines__delete_array_char_malloc_01
            {

            #ifndef OMITBAD

            void bad()
            {
                char * data;
                data = NULL;
                data = (char *)malloc(100*sizeof(char));
                if (data == NULL) {exit(-1);}
                /* POTENTIAL FLAW: Deallocate memory using delete [] - the source memory allocation function may
                 * require a call to free() to deallocate the memory */
                delete [] data;
            }

            #endif /* OMITBAD */

            #ifndef OMITGOOD

            /* goodG2B() uses the GoodSource with the BadSink */
            static void goodG2B()
            {
                char * data;
                data = NULL;
                data = new char[100];
                delete [] data;
            }

            /* goodB2G() uses the BadSource with the GoodSink */
            static void goodB2G()
            {
                char * data;
                data = NULL;
                data = (char *)malloc(100*sizeof(char));
                if (data == NULL) {exit(-1);}
                free(data);
            }

            void good()
            {
                goodG2B();
                goodB2G();
            }

            #endif /* OMITGOOD */

            } /* close namespace */

            /* Below is the main(). */

            #ifdef INCLUDEMAIN

            using namespace CWE762_Mismatched_Memory_Management_Routines__delete_array_char_malloc_01; /* so that we can use good and bad easily */

            int main(int argc, char * argv[])
            {
                /* seed randomness */
                srand( (unsigned)time(NULL) );
            #ifndef OMITGOOD
                printLine("Calling good()...");
                good();
                printLine("Finished good()");
            #endif /* OMITGOOD */
            #ifndef OMITBAD
                printLine("Calling bad()...");
                bad();
                printLine("Finished bad()");
            #endif /* OMITBAD */
                return 0;
            }

            #endif
            """;

    static final String C54_PREFIX = "CWE121_Stack_Based_Buffer_Overflow__CWE805_int_alloca_loop_54";

    /** The first file of a multi-file (54) case: bad and good entry points that call into 54b. */
    static final String C54A = """
            /* TEMPLATE GENERATED TESTCASE FILE
            Filename: CWE121_Stack_Based_Buffer_Overflow__CWE805_int_alloca_loop_54a.c
            */

            #include "std_testcase.h"

            #ifndef OMITBAD

            /* bad function declaration */
            void CWE121_Stack_Based_Buffer_Overflow__CWE805_int_alloca_loop_54b_badSink(int * data);

            void CWE121_Stack_Based_Buffer_Overflow__CWE805_int_alloca_loop_54_bad()
            {
                int * data;
                int * dataBadBuffer = (int *)ALLOCA(50*sizeof(int));
                data = dataBadBuffer;
                CWE121_Stack_Based_Buffer_Overflow__CWE805_int_alloca_loop_54b_badSink(data);
            }

            #endif /* OMITBAD */

            #ifndef OMITGOOD

            /* good function declarations */
            void CWE121_Stack_Based_Buffer_Overflow__CWE805_int_alloca_loop_54b_goodG2BSink(int * data);

            static void goodG2B()
            {
                int * data;
                int * dataGoodBuffer = (int *)ALLOCA(100*sizeof(int));
                data = dataGoodBuffer;
                CWE121_Stack_Based_Buffer_Overflow__CWE805_int_alloca_loop_54b_goodG2BSink(data);
            }

            void CWE121_Stack_Based_Buffer_Overflow__CWE805_int_alloca_loop_54_good()
            {
                goodG2B();
            }

            #endif /* OMITGOOD */
            """;

    /** The second file of the 54 case: the sinks. */
    static final String C54B = """
            /* TEMPLATE GENERATED TESTCASE FILE
            Filename: CWE121_Stack_Based_Buffer_Overflow__CWE805_int_alloca_loop_54b.c
            */

            #include "std_testcase.h"

            #ifndef OMITBAD

            void CWE121_Stack_Based_Buffer_Overflow__CWE805_int_alloca_loop_54b_badSink(int * data)
            {
                {
                    int source[100] = {0}; /* fill with 0's */
                    {
                        size_t i;
                        /* POTENTIAL FLAW: Possible buffer overflow if data < 100 */
                        for (i = 0; i < 100; i++)
                        {
                            data[i] = source[i];
                        }
                        printIntLine(data[0]);
                    }
                }
            }

            #endif /* OMITBAD */

            #ifndef OMITGOOD

            /* goodG2B uses the GoodSource with the BadSink */
            void CWE121_Stack_Based_Buffer_Overflow__CWE805_int_alloca_loop_54b_goodG2BSink(int * data)
            {
                {
                    int source[100] = {0}; /* fill with 0's */
                    {
                        size_t i;
                        for (i = 0; i < 100; i++)
                        {
                            data[i] = source[i];
                        }
                        printIntLine(data[0]);
                    }
                }
            }

            #endif /* OMITGOOD */
            """;

    /** Writes {@code text} to {@code root/relative}, creating the folders. */
    static Path write(Path root, String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    /** The 1-based line of the first line of {@code text} that starts with {@code prefix}. */
    static int lineOf(String text, String prefix) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(prefix)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no line starts with " + prefix);
    }
}
