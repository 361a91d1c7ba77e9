package dev.leaklab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --threads}: a count the machine cannot give is refused by name, before any data is read. */
class ThreadsOptionTest {

    @TempDir
    Path dir;

    @Test
    void zeroNegativeAndMoreThanTheMachineHasAreRefused() throws Exception {
        Path file = dir.resolve("t.leaklab");
        Files.writeString(file, """
                {
                  "schemaVersion": 3,
                  "name": "threads",
                  "dataset": {"generator": {"kind": "synthetic-c", "functions": 200, "seed": 7}},
                  "model": {"arch": "bilstm", "embedding": 8, "hidden": 8, "epochs": 1, "maxLength": 60},
                  "attacks": [{"attack": "loss-threshold"}],
                  "sweep": {"sigmas": [0], "adaptive": false},
                  "seed": 5
                }
                """);
        int cores = Runtime.getRuntime().availableProcessors();
        for (String bad : new String[] {"0", "-1", String.valueOf(cores + 1)}) {
            Cli.Result r = Cli.run("run", file.toString(), "--threads", bad, "--out", dir.resolve("o").toString());
            assertThat(r.code()).as(bad).isNotZero();
            assertThat(r.err()).as(bad).contains("--threads must be 1 to " + cores).contains("was " + bad)
                    .doesNotContain("reading data");
        }
        Cli.Result both = Cli.run("run", file.toString(), "--threads", "1", "--sequential");
        assertThat(both.code()).isNotZero();
        assertThat(both.err()).contains("--threads and --sequential");
        Cli.Result one = Cli.run("run", file.toString(), "--threads", "1", "--out", dir.resolve("one").toString());
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(Files.exists(dir.resolve("one/results.json"))).isTrue();
        assertThat(Files.exists(dir.resolve("o"))).isFalse();
    }

    @Test
    void theBenchmarksRefuseACountTheMachineCannotGive() {
        int cores = Runtime.getRuntime().availableProcessors();
        for (String command : new String[] {"models", "run", "defense"}) {
            Cli.Result r = Cli.run("bench", command, "--threads", "1," + (cores + 1));
            assertThat(r.code()).as(command).isNotZero();
            assertThat(r.err()).as(command).contains("--threads must be 1 to " + cores).contains("was " + (cores + 1))
                    .doesNotContain("quickstart on").doesNotContain("measuring");
        }
    }
}
