package dev.leaklab.core.model.array;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FloatPoolTest {

    @Test
    void anArrayGivenBackComesOutAgainAsZerosOfItsOwnLengthOnly() {
        FloatPool pool = new FloatPool();
        float[] used = pool.take(8);
        java.util.Arrays.fill(used, 3f);
        pool.give(new float[][] {used, null});

        float[] other = pool.take(4);
        assertThat(other).hasSize(4).isNotSameAs(used);
        float[] again = pool.take(8);
        assertThat(again).isSameAs(used).containsOnly(0f);
        assertThat(pool.take(8)).as("given back once, taken once").isNotSameAs(used).hasSize(8);
    }
}
