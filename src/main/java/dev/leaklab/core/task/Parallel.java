package dev.leaklab.core.task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The cores the numeric work of this process may use, and the two ways it splits work over them: two
 * independent halves ({@link #both}), and a count of independent items ({@link #forEach}).
 *
 * <p>The caller always works too, and takes back any part no helper has started, so nested use (a model's
 * two directions inside inference batches inside models trained side by side) never waits on a busy pool and
 * never deadlocks. Which thread runs a part never changes what it computes: every part writes its own
 * results, so the numbers are the same on any number of cores.
 */
public final class Parallel {

    private static final Object LOCK = new Object();
    private static int threads = Runtime.getRuntime().availableProcessors();
    private static ThreadPoolExecutor helpers;

    private Parallel() {
    }

    /**
     * Allows {@code n} threads for numeric work from now on: the caller and {@code n − 1} helpers.
     *
     * @throws IllegalArgumentException when {@code n} is below 1 or above the machine's cores
     */
    public static void setThreads(int n) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (n < 1 || n > cores) {
            throw new IllegalArgumentException("threads must be 1 to " + cores + " (the cores of this machine), was "
                    + n);
        }
        synchronized (LOCK) {
            threads = n;
            if (helpers != null) {
                helpers.setCorePoolSize(Math.max(1, n - 1));
                helpers.setMaximumPoolSize(Math.max(1, n - 1));
            }
        }
    }

    /** The threads numeric work may use. */
    public static int threads() {
        synchronized (LOCK) {
            return threads;
        }
    }

    private static ThreadPoolExecutor helpers() {
        synchronized (LOCK) {
            if (threads < 2) {
                return null;
            }
            if (helpers == null) {
                AtomicInteger count = new AtomicInteger();
                helpers = new ThreadPoolExecutor(threads - 1, threads - 1, 30, TimeUnit.SECONDS,
                        new LinkedBlockingQueue<>(), r -> {
                            Thread t = new Thread(r, "leaklab-compute-" + count.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
                helpers.allowCoreThreadTimeOut(true);
            }
            return helpers;
        }
    }

    /** Tasks waiting in the helpers' queue now (for tests). */
    static int queued() {
        synchronized (LOCK) {
            return helpers == null ? 0 : helpers.getQueue().size();
        }
    }

    /** Runs {@code first} here and {@code second} on a helper when one is free, and returns when both are done. */
    public static void both(Runnable first, Runnable second) {
        forEach(2, i -> (i == 0 ? first : second).run());
    }

    /**
     * Runs {@code body} for every index below {@code count}, spread over the allowed threads, and returns when
     * all are done. The first failure is rethrown here once the items already running have finished; items not
     * yet started are then skipped.
     */
    public static void forEach(int count, IntConsumer body) {
        ThreadPoolExecutor pool = count > 1 ? helpers() : null;
        if (pool == null) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int extra = Math.min(count - 1, pool.getMaximumPoolSize());
        List<AtomicBoolean> claims = new ArrayList<>(extra);
        List<Runnable> tasks = new ArrayList<>(extra);
        CountDownLatch done = new CountDownLatch(extra);
        Runnable work = () -> {
            int i;
            while (failure.get() == null && (i = next.getAndIncrement()) < count) {
                try {
                    body.accept(i);
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
            }
        };
        for (int h = 0; h < extra; h++) {
            AtomicBoolean claim = new AtomicBoolean();
            claims.add(claim);
            // why: whoever claims a helper's place counts it down, once, so the wait ends exactly when the
            // helpers that did start are done
            Runnable task = () -> {
                if (claim.compareAndSet(false, true)) {
                    try {
                        work.run();
                    } finally {
                        done.countDown();
                    }
                }
            };
            tasks.add(task);
            pool.execute(task);
        }
        work.run();
        // why: a helper that has not started yet would find nothing left; claimed here, it is not waited for,
        // and it leaves the queue: a nested call whose helpers are all busy (encoder inference, batches side by
        // side, each batch's layers split again) would otherwise leave one task queued per call until a helper
        // is free, each holding its call's arrays, and fill the heap
        for (int h = 0; h < extra; h++) {
            if (claims.get(h).compareAndSet(false, true)) {
                pool.remove(tasks.get(h));
                done.countDown();
            }
        }
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }
}
