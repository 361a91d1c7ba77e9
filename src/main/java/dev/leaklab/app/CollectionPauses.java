package dev.leaklab.app;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The collector's stop-the-world pauses while it listens, as the JVM reports them, so that the workbench
 * benchmark can say which of the window's frame gaps a collection caused and which it did not (the window
 * thread waiting for the renderer, or for a core). Times are milliseconds of {@link System#nanoTime()}.
 *
 * <p>Why a clock of its own: a report gives its pause in milliseconds from a start of the JVM's that is not
 * {@code RuntimeMXBean}'s (68 ms apart here). Both count the same monotonic clock, so the offset is the
 * smallest delay between a pause's end and its report's arrival: the service thread that sends the reports
 * delivers most within a millisecond, some much later.
 */
final class CollectionPauses implements NotificationListener, AutoCloseable {

    /**
     * A span of time in milliseconds (of {@link System#nanoTime()}, once {@link #pauses()} has moved it).
     *
     * @param startMs where it begins
     * @param endMs   where it ends
     */
    record Span(double startMs, double endMs) {

        /** Its length. */
        double lengthMs() {
            return endMs - startMs;
        }

        /** Whether it and {@code other} share any time, ends given {@code slackMs} either way. */
        boolean overlaps(Span other, double slackMs) {
            return startMs <= other.endMs + slackMs && other.startMs <= endMs + slackMs;
        }
    }

    /** The collectors report pause times to the millisecond; a gap this close to a pause is counted with it. */
    private static final double SLACK_MS = 2;

    /** Each pause in the JVM's reported milliseconds. */
    private final List<Span> reported = new ArrayList<>();
    /** The least of a report's arrival (nanoTime milliseconds) less its pause's reported end. */
    private double offsetMs = Double.POSITIVE_INFINITY;
    private final List<NotificationEmitter> emitters = new ArrayList<>();

    private CollectionPauses() {
    }

    /** Starts listening to every collector that reports its collections. */
    static CollectionPauses listen() {
        CollectionPauses p = new CollectionPauses();
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (bean instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(p, null, null);
                p.emitters.add(emitter);
            }
        }
        return p;
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        double arrivedMs = System.nanoTime() / 1e6;
        GarbageCollectionNotificationInfo report =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        if (!isPause(report.getGcAction())) {
            return;
        }
        GcInfo info = report.getGcInfo();
        synchronized (reported) {
            reported.add(new Span(info.getStartTime(), info.getEndTime()));
            offsetMs = Math.min(offsetMs, arrivedMs - info.getEndTime());
        }
    }

    /**
     * Whether a report with this action is of a pause. Why: ZGC and Shenandoah report their concurrent cycles
     * too ("end of GC cycle", from their "Cycles" beans), which run beside the window and must not be counted
     * as pauses; every other action of the JDK's collectors ("end of minor GC", "end of major GC", "end of GC
     * pause", Shenandoah's "Init Mark" and the like) is a stop of every thread.
     */
    static boolean isPause(String action) {
        return !"end of GC cycle".equals(action);
    }

    /** The pauses reported so far, in milliseconds of {@link System#nanoTime()}. */
    List<Span> pauses() {
        synchronized (reported) {
            return reported.stream().map(p -> new Span(p.startMs() + offsetMs, p.endMs() + offsetMs)).toList();
        }
    }

    /** Stops listening. */
    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(this);
            } catch (ListenerNotFoundException e) {
                // why: already removed; nothing is left to undo
            }
        }
        emitters.clear();
    }

    /** How many of {@code gaps} share time with one of {@code pauses}. */
    static int overlapping(List<Span> gaps, List<Span> pauses) {
        int n = 0;
        for (Span gap : gaps) {
            if (pauses.stream().anyMatch(p -> p.overlaps(gap, SLACK_MS))) {
                n++;
            }
        }
        return n;
    }

    /** The longest of {@code pauses} that began inside {@code window}; 0 when none did. */
    static double longest(List<Span> pauses, Span window) {
        return pauses.stream().filter(p -> p.startMs() >= window.startMs() && p.startMs() <= window.endMs())
                .mapToDouble(Span::lengthMs).max().orElse(0);
    }
}
