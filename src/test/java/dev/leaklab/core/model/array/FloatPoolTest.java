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

    @Test
    void manyAtOnceReuseWhatIsHeldClearedOnlyWhenAsked() {
        FloatPool pool = new FloatPool();
        float[] a = new float[6];
        float[] b = new float[6];
        java.util.Arrays.fill(a, 2f);
        java.util.Arrays.fill(b, 3f);
        pool.give(new float[][] {a, b});

        float[][] uncleared = pool.takeMany(6, 3, false);
        assertThat(uncleared).hasNumberOfRows(3);
        assertThat(java.util.List.of(uncleared[0], uncleared[1])).containsExactlyInAnyOrder(a, b);
        assertThat(uncleared[0][0]).as("held as given back").isIn(2f, 3f);
        assertThat(uncleared[2]).as("more than were held: a new one").hasSize(6).containsOnly(0f);
        assertThat(pool.held()).isZero();

        pool.give(uncleared);
        float[][] cleared = pool.takeMany(6, 2, true);
        for (float[] c : cleared) {
            assertThat(c).containsOnly(0f);
        }
    }

    @Test
    void aLoanGivesBackEverythingItTookAtOnce() {
        FloatPool pool = new FloatPool();
        FloatPool.Loan loan = pool.loan();
        float[] a = loan.take(8);
        float[] b = loan.takeClassUncleared(100);
        assertThat(b).hasSize(128);
        assertThat(pool.held()).isZero();

        loan.giveBack();
        assertThat(pool.held()).isEqualTo(8 + 128);
        assertThat(pool.take(8)).isSameAs(a);
        loan.giveBack();
        assertThat(pool.held()).as("given back once").isEqualTo(128);
    }

    @Test
    void clearingLetsGoOfEveryArray() {
        FloatPool pool = new FloatPool();
        float[] used = pool.take(8);
        pool.give(new float[][] {used, pool.take(5)});
        assertThat(pool.held()).isEqualTo(13);

        pool.clear();
        assertThat(pool.held()).isZero();
        assertThat(pool.take(8)).isNotSameAs(used);
    }

    @Test
    void aBoundedPoolLetsGoOfTheLengthTakenLongestAgoFirst() {
        FloatPool pool = new FloatPool(20);
        float[] eight = pool.take(8);
        float[] six = pool.take(6);
        pool.give(new float[][] {eight, six});
        assertThat(pool.take(8)).isSameAs(eight);
        pool.give(new float[][] {eight});

        float[] ten = new float[10];
        pool.give(new float[][] {ten, new float[21]});

        assertThat(pool.take(6)).as("6 was taken longest ago: let go for 10").isNotSameAs(six);
        assertThat(pool.take(8)).isSameAs(eight);
        assertThat(pool.take(10)).isSameAs(ten);
        assertThat(pool.take(21)).as("longer than the whole budget: never kept").hasSize(21);
    }

    @Test
    void sizeClassesArePowersOfTwoAtOrAboveTheLength() {
        assertThat(FloatPool.sizeClass(1)).isEqualTo(16);
        assertThat(FloatPool.sizeClass(17)).isEqualTo(32);
        assertThat(FloatPool.sizeClass(32)).isEqualTo(32);
        assertThat(FloatPool.sizeClass(33)).isEqualTo(64);
        assertThat(FloatPool.sizeClass(32 * 129 * 256)).isEqualTo(FloatPool.sizeClass(32 * 200 * 256))
                .isEqualTo(1 << 21);
    }

    @Test
    void anArrayOfAClassComesBackWithTheLengthAskedForZeroed() {
        FloatPool pool = new FloatPool();
        float[] used = pool.takeClass(20);
        assertThat(used).hasSize(32);
        java.util.Arrays.fill(used, 5f);
        pool.give(new float[][] {used});

        float[] again = pool.takeClass(25);
        assertThat(again).isSameAs(used);
        assertThat(java.util.Arrays.copyOf(again, 25)).containsOnly(0f);
    }
}
