package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The start's warm-up: its own daemon thread, its tasks in order, and failures that stay its own. */
class StartWarmupTest {
    private static final long JOIN_MILLIS = TimeUnit.SECONDS.toMillis(30);

    @Test
    void runsItsTasksInOrderOnADaemonThreadOfItsOwn() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        Runnable note = () -> ran.add(Thread.currentThread().getName() + " daemon=" + Thread.currentThread().isDaemon());

        Thread warmup = StartWarmup.begin(List.of(
                new StartWarmup.Task("first", () -> {
                    ran.add("first");
                    note.run();
                }),
                new StartWarmup.Task("second", () -> ran.add("second"))));
        warmup.join(JOIN_MILLIS);

        assertThat(warmup.isAlive()).isFalse();
        assertThat(ran).containsExactly("first", StartWarmup.THREAD_NAME + " daemon=true", "second");
        assertThat(warmup).isNotSameAs(Thread.currentThread());
    }

    @Test
    void aTaskThatFailsStopsNeitherTheTasksAfterItNorTheStart() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();

        Thread warmup = StartWarmup.begin(List.of(
                new StartWarmup.Task("broken", () -> {
                    throw new IllegalStateException("no such thing");
                }),
                new StartWarmup.Task("missing module", () -> {
                    throw new NoClassDefFoundError("java/lang/management/ManagementFactory");
                }),
                new StartWarmup.Task("after them", () -> ran.add("after them"))));
        warmup.join(JOIN_MILLIS);

        // An exception that escaped a task would have ended the thread before the last one.
        assertThat(ran).containsExactly("after them");
    }

    @Test
    void serveWarmsUpThePlatformMBeanServerThatTheHttpServerRegistersWith() throws Exception {
        assertThat(StartWarmup.forServe()).contains(StartWarmup.PLATFORM_MBEAN_SERVER);

        Thread warmup = StartWarmup.begin(StartWarmup.forServe());
        warmup.join(JOIN_MILLIS);

        assertThat(warmup.isAlive()).isFalse();
        assertThat(java.lang.management.ManagementFactory.getPlatformMBeanServer().getMBeanCount()).isPositive();
    }
}
