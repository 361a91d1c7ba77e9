package dev.leaklab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The installers start LeakLab as bin/leaklab does: the same JVM options, the same runtime modules on every OS,
 * and files that exist where the jpackage arguments point.
 */
class PackagingTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path JPACKAGE = ROOT.resolve("packaging/jpackage");

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    @Test
    void theInstalledLauncherGetsEveryOptionControlsFxNeeds() throws IOException {
        List<String> installed = lines(JPACKAGE.resolve("app-image.args"));
        List<String> needed = lines(ROOT.resolve("bin/javafx.args")).stream()
                .filter(l -> l.startsWith("--add-exports") || l.startsWith("--add-opens")).toList();
        assertThat(needed).isNotEmpty();
        for (String option : needed) {
            assertThat(installed).as("app-image.args").contains("--java-options " + option);
        }
        assertThat(installed).contains("--java-options -XX:MaxRAMPercentage=50",
                "--java-options -Dleaklab.samplesDir=$APPDIR/sample-projects");
    }

    @Test
    void bothBuildScriptsLinkTheSameRuntime() throws IOException {
        Set<String> sh = modules(Files.readString(ROOT.resolve("packaging/build-installer.sh")),
                Pattern.compile("modules=(?:\\$modules,)?([a-z.,]+)"));
        Set<String> ps1 = modules(Files.readString(ROOT.resolve("packaging/build-installer.ps1")),
                Pattern.compile("'([a-z.,]+)'"));
        assertThat(sh).contains("java.base", "javafx.controls", "javafx.swing", "java.prefs", "jdk.unsupported");
        assertThat(ps1).isEqualTo(sh);
    }

    @Test
    void everyFileTheArgumentsNameExists() throws IOException {
        Pattern path = Pattern.compile("(assets/[\\w.-]+|target/packaging/[\\w./-]+)");
        try (var files = Files.list(JPACKAGE)) {
            for (Path file : files.toList()) {
                for (String line : lines(file)) {
                    Matcher m = path.matcher(line);
                    while (m.find()) {
                        String named = m.group(1).replace("target/packaging/", "packaging/jpackage/")
                                .replace("packaging/jpackage/linux", "packaging/linux");
                        assertThat(ROOT.resolve(named)).as(file.getFileName() + " names " + m.group(1)).exists();
                    }
                }
            }
        }
    }

    private static Set<String> modules(String script, Pattern pattern) {
        Set<String> modules = new TreeSet<>();
        Matcher m = pattern.matcher(script);
        while (m.find()) {
            for (String module : m.group(1).split(",")) {
                if (module.startsWith("java") || module.startsWith("jdk.")) {
                    modules.add(module);
                }
            }
        }
        return modules;
    }
}
