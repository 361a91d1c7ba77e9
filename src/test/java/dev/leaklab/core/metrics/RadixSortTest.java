package dev.leaklab.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RadixSortTest {

    @Test
    void sortsAsArraysSortDoesForEveryKindOfFiniteValue() {
        Random random = new Random(4);
        for (int trial = 0; trial < 200; trial++) {
            int n = 500 + random.nextInt(3000);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = switch (random.nextInt(8)) {
                    case 0 -> 0.0;
                    case 1 -> -0.0;
                    case 2 -> random.nextInt(5) - 2;
                    case 3 -> (random.nextDouble() - 0.5) * 1e300;
                    case 4 -> Double.MIN_VALUE * (random.nextBoolean() ? 1 : -1);
                    case 5 -> random.nextGaussian() * 1e-300;
                    default -> random.nextGaussian();
                };
            }
            assertSortsAsArraysSortDoes(values);
        }
    }

    @Test
    void floatsWidenedToDoublesSortAsArraysSortDoes() {
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 500 + random.nextInt(3000);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = switch (random.nextInt(7)) {
                    case 0 -> 0.0f;
                    case 1 -> -0.0f;
                    case 2 -> random.nextInt(5) - 2;
                    case 3 -> (float) ((random.nextDouble() - 0.5) * 1e38);
                    case 4 -> Float.MIN_VALUE * (random.nextBoolean() ? 1 : -1);
                    case 5 -> (float) (random.nextGaussian() * 1e-38);
                    default -> (float) random.nextGaussian();
                };
            }
            assertSortsAsArraysSortDoes(values);
        }
    }

    @Test
    void oneValueThatIsNoFloatSortsAllOnDoubleKeys() {
        double[] values = new Random(3).doubles(4000).map(v -> (float) v).toArray();
        values[1234] = 0.1;
        assertSortsAsArraysSortDoes(values);
    }

    private static void assertSortsAsArraysSortDoes(double[] values) {
        double[] expected = values.clone();
        Arrays.sort(expected);
        RadixSort.sort(values);
        assertThat(values).containsExactly(expected);
    }

    @Test
    void aNarrowRangeAndAllEqualValuesSortToo() {
        double[] same = new double[2000];
        Arrays.fill(same, 0.25);
        RadixSort.sort(same);
        assertThat(same).containsOnly(0.25);
        double[] narrow = new Random(1).doubles(5000, 0.5, 0.5000001).toArray();
        double[] expected = narrow.clone();
        Arrays.sort(expected);
        RadixSort.sort(narrow);
        assertThat(narrow).containsExactly(expected);
    }
}
