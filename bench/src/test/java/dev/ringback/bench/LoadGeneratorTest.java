package dev.ringback.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The closed loop's warm-up and window against a bare server on loopback. Durations are bounds
 * that hold by construction (a window opens no sooner than its warm-up allows and no later than
 * its cap), never a speed.
 */
class LoadGeneratorTest {
    private static final IntFunction<byte[]> PING =
            i -> HttpConnection.post("/ping", "", "{}".getBytes(StandardCharsets.UTF_8));

    private Undertow server;
    private LoadGenerator load;

    @BeforeEach
    void start() {
        server = Undertow.builder().setIoThreads(1).addHttpListener(0, "127.0.0.1")
                .setHandler(exchange -> exchange.getRequestReceiver().receiveFullBytes(
                        (ex, body) -> ex.getResponseSender().send("ok")))
                .build();
        server.start();
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        load = new LoadGenerator(port, 2);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    /** Records the order in which the window was opened and closed. */
    private static final class Watch implements LoadGenerator.WindowWatch {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void opened() {
            events.add("opened");
        }

        @Override
        public void closed() {
            events.add("closed");
        }
    }

    @Test
    void aFixedWarmUpOpensTheWindowAfterItAndMeasuresOnlyTheWindow() throws InterruptedException {
        Watch watch = new Watch();

        LoadGenerator.Result result = load.saturate(PING, Integer.MAX_VALUE, LoadGenerator.WarmUp.fixed(0.3), 0.3, watch);

        assertThat(watch.events).containsExactly("opened", "closed");
        assertThat(result.warmupSeconds()).isGreaterThanOrEqualTo(0.3);
        assertThat(result.requests()).isPositive().isEqualTo(result.latencies().count());
        assertThat(result.errors()).isZero();
        assertThat(result.ranOut()).isFalse();
        assertThat(result.to()).isGreaterThan(result.from());
    }

    @Test
    void aWarmUpEndsWhenItsConditionHoldsAfterItsMinimum() throws InterruptedException {
        AtomicInteger asked = new AtomicInteger();
        LoadGenerator.WarmUp warmUp = new LoadGenerator.WarmUp(0.2, 30, () -> asked.incrementAndGet() >= 2);

        LoadGenerator.Result result = load.saturate(PING, Integer.MAX_VALUE, warmUp, 0.2, LoadGenerator.WindowWatch.NONE);

        assertThat(asked).hasValue(2);
        // Asked once at the minimum and once a second later: well before the cap.
        assertThat(result.warmupSeconds()).isGreaterThanOrEqualTo(1.2).isLessThan(30);
        assertThat(result.requests()).isPositive();
    }

    @Test
    void aWarmUpWhoseConditionNeverHoldsEndsAtItsCap() throws InterruptedException {
        LoadGenerator.WarmUp warmUp = new LoadGenerator.WarmUp(0.1, 1.5, () -> false);

        LoadGenerator.Result result = load.saturate(PING, Integer.MAX_VALUE, warmUp, 0.2, LoadGenerator.WindowWatch.NONE);

        assertThat(result.warmupSeconds()).isGreaterThanOrEqualTo(1.5);
        assertThat(result.requests()).isPositive();
    }

    @Test
    void requestsThatRunOutDuringTheWarmUpLeaveNoWindow() throws InterruptedException {
        Watch watch = new Watch();

        LoadGenerator.Result result = load.saturate(PING, 20, LoadGenerator.WarmUp.fixed(30), 1, watch);

        assertThat(watch.events).isEmpty();
        assertThat(result.ranOut()).isTrue();
        assertThat(result.requests()).isZero();
        assertThat(result.warmupSeconds()).isLessThan(30);
    }
}
