package dev.leaklab.core.model.array;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpenBlasCoreTest {

    private static final int AVX = 1 << 28;
    private static final int FMA = 1 << 12;
    private static final int AVX2 = 1 << 5;
    private static final int AVX512 = (1 << 16) | (1 << 17) | (1 << 30) | (1 << 31);

    @Test
    void aCpuWithAvx512GetsTheSkylakeXKernels() {
        assertThat(OpenBlasCore.choose("GenuineIntel", 6, AVX | FMA, AVX2 | AVX512, true)).isEqualTo("SkylakeX");
    }

    @Test
    void avx512TheOperatingSystemDoesNotSaveFallsBackToAvx2() {
        assertThat(OpenBlasCore.choose("GenuineIntel", 6, AVX | FMA, AVX2 | AVX512, false)).isEqualTo("Haswell");
    }

    @Test
    void aPartialAvx512SetIsNotEnough() {
        assertThat(OpenBlasCore.choose("GenuineIntel", 6, AVX | FMA, AVX2 | (1 << 16), true)).isEqualTo("Haswell");
    }

    @Test
    void zenOneToFourAreLeftToOpenBlasButZenFiveIsNot() {
        assertThat(OpenBlasCore.choose("AuthenticAMD", 0x19, AVX | FMA, AVX2 | AVX512, true)).isNull();
        assertThat(OpenBlasCore.choose("AuthenticAMD", 0x17, AVX | FMA, AVX2, false)).isNull();
        assertThat(OpenBlasCore.choose("AuthenticAMD", 0x1A, AVX | FMA, AVX2 | AVX512, true)).isEqualTo("SkylakeX");
    }

    @Test
    void oldCpusGetAvxOrNothing() {
        assertThat(OpenBlasCore.choose("GenuineIntel", 6, AVX, 0, false)).isEqualTo("SandyBridge");
        assertThat(OpenBlasCore.choose("GenuineIntel", 6, 0, 0, false)).isNull();
    }

    @Test
    void theRunningKernelsAreNamed() {
        assertThat(OpenBlasCore.running()).isNotEqualTo("unknown");
    }
}
