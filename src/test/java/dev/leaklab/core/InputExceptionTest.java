package dev.leaklab.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InputExceptionTest {

    @Test
    void whateverTheInputQuotesTheMessageIsOneLine() {
        InputException e = new InputException(Path.of("odd\nname.csv"), 3,
                "no label field (fields: func, int f() {\r\n  return 0;\u2028}\u0000)", null);
        assertThat(e.getMessage()).doesNotContain("\n", "\r", "\u2028", "\u0000")
                .isEqualTo("odd\\nname.csv:3: no label field (fields: func, int f() {\\r\\n  return 0;\\u2028}\\u0000)");
        assertThat(e.reason()).isEqualTo("no label field (fields: func, int f() {\\r\\n  return 0;\\u2028}\\u0000)");
        assertThat(new InputException(null, 0, "plain", null).getMessage()).isEqualTo("plain");
    }
}
