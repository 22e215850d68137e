package dev.ringback.adapters.http;

import static dev.ringback.adapters.http.ApiHarness.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.adapters.http.bland.BlandSignature;
import dev.ringback.application.port.in.RecordCallOutcomeUseCase.Result;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the adapter writes to its log (System.Logger, backed by java.util.logging here). */
class LogHygieneTest {
    // Held strongly: java.util.logging keeps loggers only weakly.
    private static final Logger ADAPTER_LOG = Logger.getLogger("dev.ringback.adapters.http");

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private ApiHarness api;

    @BeforeEach
    void start() {
        ADAPTER_LOG.setLevel(Level.ALL);
        ADAPTER_LOG.addHandler(capture);
        api = ApiHarness.start();
    }

    @AfterEach
    void stop() {
        api.close();
        ADAPTER_LOG.removeHandler(capture);
        ADAPTER_LOG.setLevel(null);
    }

    @Test
    void oneLinePerRequestWithoutQueryOrCredentials() throws InterruptedException {
        ApiHarness.Response response = api.get("/api/user/call/status?call_id=query-secret-42",
                "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));
        assertThat(response.status()).isEqualTo(404);

        List<String> lines = awaitLines(line -> line.startsWith("GET /api/user/call/status"));

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).matches("GET /api/user/call/status 404 \\d+ms");
        assertThat(everything()).doesNotContain("query-secret-42").doesNotContain(TestData.ALICE_GATEWAY_TOKEN);
    }

    @Test
    void webhookBodiesNeverReachTheLog() throws InterruptedException {
        api.recordOutcome.answer.set(new Result.Recorded(TestData.completedCall()));
        String body = BlandWebhookEndpointTest.COMPLETION;

        api.post("/api/webhooks/bland/status", body, BlandSignature.HEADER, BlandWebhookEndpointTest.sign(body));
        api.post("/api/webhooks/bland/status", body, BlandSignature.HEADER, "0".repeat(64));
        awaitLines(line -> line.startsWith("POST /api/webhooks/bland/status 401"));

        assertThat(everything())
                .contains("recorded the end of call call-0001")
                .contains("INVALID_SIGNATURE")
                .doesNotContain("+14155550123")
                .doesNotContain("4155550123")
                .doesNotContain("Hello?")
                .doesNotContain("They open at 9");
    }

    @Test
    void aRecordedWebhookCostsOneInfoLineNamingItsCall() throws InterruptedException {
        api.recordOutcome.answer.set(new Result.Recorded(TestData.completedCall()));
        String body = BlandWebhookEndpointTest.COMPLETION;

        api.post("/api/webhooks/bland/status", body, BlandSignature.HEADER, BlandWebhookEndpointTest.sign(body));
        List<String> lines = awaitLines(line -> line.startsWith("POST /api/webhooks/bland/status"));

        assertThat(lines).singleElement().asString()
                .matches("POST /api/webhooks/bland/status 200 \\d+ms: recorded the end of call call-0001");
        assertThat(records)
                .filteredOn(record -> record.getLevel().intValue() >= Level.INFO.intValue())
                .filteredOn(record -> !record.getLoggerName().equals(RingbackHttpServer.class.getName()))
                .hasSize(1);
    }

    @Test
    void anUnexpectedFailureIsLoggedWithItsException() throws InterruptedException {
        IllegalStateException boom = new IllegalStateException("disk full");
        api.placeCall.answer.set(command -> {
            throw boom;
        });

        api.post("/api/user/call", "{\"to\":\"+14155550123\",\"task\":\"x\"}", "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));
        awaitLines(line -> line.startsWith("POST /api/user/call 500"));

        assertThat(records).anySatisfy(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(record.getThrown()).isSameAs(boom);
        });
    }

    /**
     * A client that breaks off its chunked body (or breaks its framing) gets no answer: Undertow
     * closes the connection. Its log line said 200, as if the call had been placed.
     */
    @Test
    void aRequestWhoseConnectionClosedBeforeAnyAnswerIsNotLoggedAsASuccess() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", api.server.port())) {
            socket.getOutputStream().write(("POST /api/user/call HTTP/1.1\r\nHost: x\r\nAuthorization: "
                    + bearer(TestData.ALICE_GATEWAY_TOKEN) + "\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"to\"")
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.shutdownOutput();
            assertThat(socket.getInputStream().readAllBytes()).as("no answer reaches a closed connection").isEmpty();
        }

        List<String> lines = awaitLines(line -> line.startsWith("POST /api/user/call "));

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).matches("POST /api/user/call 499 \\d+ms: connection closed before an answer");
        assertThat(api.placeCall.commands).isEmpty();
    }

    private List<String> awaitLines(java.util.function.Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            List<String> lines = records.stream().map(LogHygieneTest::render).filter(wanted).collect(Collectors.toList());
            if (!lines.isEmpty()) {
                return lines;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such log line within 10 s; got " + everything());
            }
            Thread.sleep(10);
        }
    }

    private String everything() {
        return records.stream()
                .map(record -> render(record) + (record.getThrown() == null ? "" : " " + record.getThrown()))
                .collect(Collectors.joining("\n"));
    }

    private static String render(LogRecord record) {
        return record.getParameters() == null ? record.getMessage() : MessageFormat.format(record.getMessage(), record.getParameters());
    }
}
