package dev.leaklab.app.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ColumnsTest {

    @Test
    void aTinyValueNeverReadsAsZero() {
        assertThat(Columns.format(3.2e-5)).isEqualTo("3.2e-05");
        assertThat(Columns.format(0)).isEqualTo("0.000");
        assertThat(Columns.format(0.6714)).isEqualTo("0.671");
        assertThat(Columns.format(-0.0001)).isEqualTo("-1.0e-04");
        assertThat(Columns.format(Double.NaN)).isEqualTo("NaN");
    }
}
