package dev.ringback.adapters.openclaw.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fault modes of the gateway double: what the sender sees, and what happened on the machine. */
class FaultyGatewayTest {
    private static final String RUN = "{\"message\":\"call done\",\"name\":\"PhoneCall\","
            + "\"sessionKey\":\"agent:main:test-calls\",\"sessionMode\":\"persistent\",\"idempotencyKey\":\"k-1\"}";

    private final FakeOpenClawGateway gateway = FakeOpenClawGateway.start();

    @AfterEach
    void stop() {
        gateway.releaseAnswers();
        gateway.close();
    }

    private HttpRequest hook() {
        return RawHttp.to(gateway.baseUri(), gateway.hooksPath() + "/agent")
                .header("Authorization", "Bearer " + gateway.hookToken())
                .header("Content-Type", "application/json")
                .POST(RawHttp.body(RUN)).build();
    }

    private static FaultPlan only(double unavailable, double tooMany, double resetBefore, double resetAfter, double slow) {
        return new FaultPlan(7, unavailable, tooMany, 3, resetBefore, resetAfter, slow, Duration.ofMillis(50));
    }

    @Test
    void unavailableAndTooManyRequestsStartNoRun() {
        gateway.injectFaults(only(1, 0, 0, 0, 0));
        assertThat(RawHttp.send(hook()).statusCode()).isEqualTo(503);
        gateway.injectFaults(only(0, 1, 0, 0, 0));
        HttpResponse<String> limited = RawHttp.send(hook());
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("3");
        assertThat(gateway.runs()).isEmpty();
        assertThat(gateway.faultCounts()).containsEntry(FaultPlan.Fault.UNAVAILABLE, 1)
                .containsEntry(FaultPlan.Fault.TOO_MANY_REQUESTS, 1);
    }

    @Test
    void aResetBeforeTheRunLosesTheRequest() {
        gateway.injectFaults(only(0, 0, 1, 0, 0));
        assertThatThrownBy(() -> RawHttp.send(hook())).isInstanceOf(UncheckedIOException.class);
        assertThat(gateway.runs()).isEmpty();
    }

    @Test
    void aResetAfterTheRunLosesOnlyTheAnswerAndTheRepeatIsAbsorbed() {
        gateway.injectFaults(only(0, 0, 0, 1, 0));
        assertThatThrownBy(() -> RawHttp.send(hook())).isInstanceOf(UncheckedIOException.class);
        assertThat(gateway.runs()).hasSize(1);

        gateway.stopFaults();
        assertThat(RawHttp.send(hook()).statusCode()).isEqualTo(200);
        assertThat(gateway.runs()).as("same idempotency key: a replay, not a run").hasSize(1);
    }

    @Test
    void slowAnswersStillRun() {
        gateway.injectFaults(only(0, 0, 0, 0, 1));
        assertThat(RawHttp.send(hook()).statusCode()).isEqualTo(200);
        assertThat(gateway.runs()).hasSize(1);
    }

    @Test
    void heldAnswersComeAfterTheRunOnRelease() throws Exception {
        gateway.injectFaults(only(0, 0, 0, 0, 0));
        gateway.holdAnswers();
        CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> RawHttp.send(hook()));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (gateway.heldAnswers() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(gateway.heldAnswers()).isEqualTo(1);
        assertThat(gateway.runs()).as("the run started before the answer").hasSize(1);
        assertThat(answer).isNotDone();

        gateway.releaseAnswers();
        assertThat(answer.get().statusCode()).isEqualTo(200);
    }

    @Test
    void anOutageWindowEnds() throws Exception {
        gateway.outageFor(Duration.ofMillis(200));
        assertThat(RawHttp.send(hook()).statusCode()).isEqualTo(503);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int status = 503;
        while (status == 503 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            status = RawHttp.send(hook()).statusCode();
        }
        assertThat(status).isEqualTo(200);
    }

    @Test
    void theSameSeedGivesTheSameFaults() {
        FaultPlan plan = FaultPlan.mixed(42);
        FaultPlan.Dice a = plan.dice();
        FaultPlan.Dice b = plan.dice();
        for (int i = 0; i < 100; i++) {
            assertThat(a.draw()).isEqualTo(b.draw());
        }
    }
}
