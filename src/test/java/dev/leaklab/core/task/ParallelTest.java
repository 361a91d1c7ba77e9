package dev.leaklab.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @AfterEach
    void allCoresAgain() {
        Parallel.setThreads(CORES);
    }

    @Test
    void everyIndexRunsExactlyOnce() {
        AtomicIntegerArray runs = new AtomicIntegerArray(1000);
        Parallel.forEach(1000, runs::incrementAndGet);
        for (int i = 0; i < 1000; i++) {
            assertThat(runs.get(i)).as("index %d", i).isEqualTo(1);
        }
    }

    @Test
    void nestedUseFinishesEvenWhenEveryHelperIsBusy() {
        AtomicIntegerArray runs = new AtomicIntegerArray(64);
        Parallel.forEach(8, outer -> Parallel.forEach(8, inner -> Parallel.both(
                () -> runs.incrementAndGet(outer * 8 + inner), () -> { })));
        for (int i = 0; i < 64; i++) {
            assertThat(runs.get(i)).isEqualTo(1);
        }
    }

    @Test
    void nestedCallsWhoseHelpersAreBusyLeaveNothingQueued() {
        assumeTrue(CORES >= 2, "needs two cores");
        Parallel.setThreads(2);
        AtomicInteger mostQueued = new AtomicInteger();
        // both threads run an outer item, so every nested call finds its one helper busy and does all itself
        Parallel.forEach(2, outer -> {
            for (int call = 0; call < 2000; call++) {
                Parallel.forEach(2, inner -> { });
                mostQueued.accumulateAndGet(Parallel.queued(), Math::max);
            }
        });
        assertThat(mostQueued.get()).as("tasks left queued by finished nested calls").isLessThanOrEqualTo(2);
    }

    @Test
    void aFailureReachesTheCaller() {
        assertThatThrownBy(() -> Parallel.forEach(100, i -> {
            if (i == 37) {
                throw new IllegalStateException("item 37");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("item 37");
    }

    @Test
    void aCountOutsideTheMachineIsRefusedByName() {
        assertThatThrownBy(() -> Parallel.setThreads(0)).hasMessageContaining("threads must be 1 to " + CORES);
        assertThatThrownBy(() -> Parallel.setThreads(CORES + 1)).hasMessageContaining("was " + (CORES + 1));
    }

    @Test
    void oneThreadRunsEverythingInTheCaller() {
        Parallel.setThreads(1);
        Thread caller = Thread.currentThread();
        Parallel.forEach(10, i -> assertThat(Thread.currentThread()).isSameAs(caller));
    }
}
