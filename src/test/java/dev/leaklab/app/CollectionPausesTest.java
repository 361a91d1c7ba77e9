package dev.leaklab.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.leaklab.app.CollectionPauses.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectionPausesTest {

    @Test
    void aGapCountsWithAPauseOnlyWhenTheyShareTime() {
        List<Span> pauses = List.of(new Span(100, 160), new Span(500, 505));
        List<Span> gaps = List.of(new Span(90, 170), new Span(150, 200), new Span(161, 200), new Span(300, 360),
                new Span(506, 560), new Span(508, 560));
        // the first two hold the first pause, the third begins within the reports' two milliseconds of its end, the
        // fourth has none, the fifth begins a millisecond after the second pause's end, the sixth three after it
        assertThat(CollectionPauses.overlapping(gaps, pauses)).isEqualTo(4);
        assertThat(CollectionPauses.overlapping(gaps, List.of())).isZero();
        assertThat(CollectionPauses.overlapping(List.of(new Span(300, 360)), pauses)).isZero();
    }

    @Test
    void concurrentCyclesAreNotPauses() {
        // the actions the JDK 17 collectors report: G1, Parallel and Serial, ZGC's and Shenandoah's pause beans
        for (String pause : List.of("end of minor GC", "end of major GC", "end of GC pause", "Init Mark",
                "Final Mark", "Final Roots")) {
            assertThat(CollectionPauses.isPause(pause)).as(pause).isTrue();
        }
        // ZGC's and Shenandoah's cycle beans: concurrent work beside the window
        assertThat(CollectionPauses.isPause("end of GC cycle")).isFalse();
    }

    @Test
    void theLongestPauseIsTakenAmongThoseThatBeganInTheWindow() {
        List<Span> pauses = List.of(new Span(10, 90), new Span(100, 130), new Span(200, 210), new Span(400, 470));
        assertThat(CollectionPauses.longest(pauses, new Span(95, 300))).isEqualTo(30);
        assertThat(CollectionPauses.longest(pauses, new Span(220, 390))).isZero();
        assertThat(CollectionPauses.longest(pauses, new Span(0, 1000))).isEqualTo(80);
    }

    @Test
    void collectionsAreReportedOnTheCallersClock() throws Exception {
        try (CollectionPauses pauses = CollectionPauses.listen()) {
            double before = 0;
            double after = 0;
            for (int k = 1; k <= 4; k++) {
                before = System.nanoTime() / 1e6;
                System.gc();
                after = System.nanoTime() / 1e6;
                // why: the JVM sends its reports from a service thread, after the collection
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (pauses.pauses().size() < k && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }
            // why: the last collection, once some reports have come promptly, lies within the call that made it
            List<Span> seen = pauses.pauses();
            Span last = seen.get(seen.size() - 1);
            assertThat(last.startMs()).isGreaterThanOrEqualTo(before - 2);
            assertThat(last.endMs()).isLessThanOrEqualTo(after + 2);
            assertThat(last.lengthMs()).isNotNegative();
        }
        CollectionPauses quiet = CollectionPauses.listen();
        quiet.close();
        System.gc();
        Thread.sleep(100);
        assertThat(quiet.pauses()).isEmpty();
    }
}
