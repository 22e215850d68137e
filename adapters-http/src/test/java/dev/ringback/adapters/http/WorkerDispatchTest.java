package dev.ringback.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Handlers block on workers; small bodies are read, and answers written, on the I/O thread. */
class WorkerDispatchTest {
    private static final HttpServerSettings SETTINGS = new HttpServerSettings("127.0.0.1", 0, URI.create("http://127.0.0.1"), 1024 * 1024);

    private final HttpClient client = HttpClient.newHttpClient();
    private final ConcurrentLinkedQueue<Boolean> endedOnIoThread = new ConcurrentLinkedQueue<>();
    private RingbackHttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Echoes the body's length and notes on which thread the exchange ended. */
    private final HttpHandler echoLength = exchange -> {
        exchange.addExchangeCompleteListener((done, next) -> {
            endedOnIoThread.add(done.isInIoThread());
            next.proceed();
        });
        byte[] body;
        try (InputStream in = exchange.getInputStream()) {
            body = in.readAllBytes();
        }
        JsonResponses.send(exchange, 200, new Length(body.length, exchange.isInIoThread(), exchange.isBlocking()));
    };

    @Test
    void aSmallBodyIsReadForTheHandlerAndTheAnswerEndsTheExchangeOnItsIoThread() throws Exception {
        server = start(Set.of(Route.post("/echo", echoLength)));

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = post("/echo", BodyPublishers.ofString("x".repeat(1000)));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"length\":1000,\"ioThread\":false,\"blocking\":true}");
        }
        awaitEnded(3);
        assertThat(endedOnIoThread).containsOnly(true);
    }

    /** Takes the prefetched body, then reads the stream: what a handler would see after RequestBodies.raw. */
    private final HttpHandler takeThenRead = exchange -> {
        byte[] taken = WorkerDispatch.takePrefetchedBody(exchange);
        byte[] again = WorkerDispatch.takePrefetchedBody(exchange);
        byte[] rest;
        try (InputStream in = exchange.getInputStream()) {
            rest = in.readAllBytes();
        }
        JsonResponses.send(exchange, 200, new Taken(taken == null ? -1 : taken.length, again == null ? -1 : again.length, rest.length));
    };

    @Test
    void aPrefetchedBodyIsHandedOverOnceAndTheStreamIsThenAtItsEnd() throws Exception {
        server = start(Set.of(Route.post("/take", takeThenRead)));

        HttpResponse<String> small = post("/take", BodyPublishers.ofString("x".repeat(1000)));
        HttpResponse<String> chunked = post("/take", BodyPublishers.fromPublisher(BodyPublishers.ofString("z".repeat(1000))));

        assertThat(small.body()).isEqualTo("{\"taken\":1000,\"takenAgain\":-1,\"readAfter\":0}");
        // Not read on the I/O thread (no declared length): nothing to hand over, the stream has it all.
        assertThat(chunked.body()).isEqualTo("{\"taken\":-1,\"takenAgain\":-1,\"readAfter\":1000}");
    }

    /**
     * Answers later: the value, or the failure, is given by another thread released as the
     * handler ends (before or after it has returned: both must work), as a commit's would be.
     */
    private HttpHandler laterHandler(Consumer<CompletableFuture<String>> complete, BiConsumer<HttpServerExchange, String> answer) {
        return exchange -> {
            exchange.addExchangeCompleteListener((done, next) -> {
                endedOnIoThread.add(done.isInIoThread());
                next.proceed();
            });
            CompletableFuture<String> pending = new CompletableFuture<>();
            CountDownLatch returned = new CountDownLatch(1);
            WorkerDispatch.answerLater(exchange, pending, value -> answer.accept(exchange, value));
            Thread completer = new Thread(() -> {
                try {
                    returned.await();
                    complete.accept(pending);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            completer.start();
            returned.countDown();
        };
    }

    @Test
    void anAnswerGivenLaterFromAnotherThreadIsSentAndEndsTheExchangeOnItsIoThread() throws Exception {
        server = start(Set.of(Route.post("/later", laterHandler(pending -> pending.complete("committed"),
                (exchange, value) -> JsonResponses.send(exchange, 200, new Later(value, exchange.isInIoThread()))))));

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = post("/later", BodyPublishers.ofString("{}"));

            assertThat(response.statusCode()).isEqualTo(200);
            // Built and sent on the I/O thread, not on the thread that completed the stage.
            assertThat(response.body()).isEqualTo("{\"value\":\"committed\",\"ioThread\":true}");
        }
        awaitEnded(3);
        assertThat(endedOnIoThread).containsOnly(true);
    }

    @Test
    void aFailureMetLaterIsAnsweredAsTheErrorHandlerAnswersAThrownOne() throws Exception {
        server = start(Set.of(
                Route.post("/refused", laterHandler(pending -> pending.completeExceptionally(ApiError.of(409, "Already there")),
                        (exchange, value) -> { })),
                Route.post("/broken", laterHandler(pending -> pending.completeExceptionally(new IllegalStateException("disk full")),
                        (exchange, value) -> { })),
                Route.post("/answer-throws", laterHandler(pending -> pending.complete("x"), (exchange, value) -> {
                    throw ApiError.of(404, "Machine not provisioned");
                }))));

        HttpResponse<String> refused = post("/refused", BodyPublishers.ofString("{}"));
        HttpResponse<String> broken = post("/broken", BodyPublishers.ofString("{}"));
        HttpResponse<String> answerThrows = post("/answer-throws", BodyPublishers.ofString("{}"));

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).isEqualTo("{\"error\":\"Already there\"}");
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).isEqualTo("{\"error\":\"Internal server error\"}");
        assertThat(answerThrows.statusCode()).isEqualTo(404);
        assertThat(answerThrows.body()).isEqualTo("{\"error\":\"Machine not provisioned\"}");
    }

    @Test
    void anAnswerCanBeGivenLaterOnlyOnceEvenBeforeTheFirstIsSent() throws Exception {
        HttpHandler promisesTwice = exchange -> {
            CompletableFuture<String> first = new CompletableFuture<>();
            WorkerDispatch.answerLater(exchange, first,
                    value -> JsonResponses.send(exchange, 200, new Later(value, exchange.isInIoThread())));
            String second;
            try {
                WorkerDispatch.answerLater(exchange, new CompletableFuture<String>(),
                        value -> JsonResponses.send(exchange, 500, new Later("second", exchange.isInIoThread())));
                second = "accepted";
            } catch (IllegalStateException refused) {
                second = "refused";
            }
            first.complete(second);
        };
        server = start(Set.of(Route.post("/twice", promisesTwice)));

        HttpResponse<String> response = post("/twice", BodyPublishers.ofString("{}"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"value\":\"refused\",\"ioThread\":true}");
    }

    @Test
    void largeAndChunkedBodiesAreStillReadWhole() throws Exception {
        server = start(Set.of(Route.post("/echo", echoLength)));
        int large = WorkerDispatch.PREFETCH_LIMIT * 3;

        HttpResponse<String> declared = post("/echo", BodyPublishers.ofString("y".repeat(large)));
        HttpResponse<String> chunked = post("/echo", BodyPublishers.fromPublisher(BodyPublishers.ofString("z".repeat(large))));

        assertThat(declared.body()).startsWith("{\"length\":" + large + ",");
        assertThat(chunked.body()).startsWith("{\"length\":" + large + ",");
    }

    @Test
    void aHandlerThatWritesItsOwnStreamOrAnswersNothingStillEndsTheExchange() throws Exception {
        HttpHandler streaming = exchange -> {
            exchange.setStatusCode(202);
            try (OutputStream out = exchange.getOutputStream()) {
                out.write("streamed".getBytes(StandardCharsets.UTF_8));
            }
        };
        HttpHandler silent = exchange -> { };
        server = start(Set.of(Route.get("/stream", streaming), Route.get("/silent", silent)));

        HttpResponse<String> streamed = client.send(request("/stream").GET().build(), BodyHandlers.ofString());
        HttpResponse<String> nothing = client.send(request("/silent").GET().build(), BodyHandlers.ofString());

        assertThat(streamed.statusCode()).isEqualTo(202);
        assertThat(streamed.body()).isEqualTo("streamed");
        assertThat(nothing.statusCode()).isEqualTo(200);
        assertThat(nothing.body()).isEmpty();
    }

    @Test
    void aLargeBodyTheHandlerReadsOnlyInPartDoesNotBreakTheNextRequestOnTheConnection() throws Exception {
        HttpHandler peeks = exchange -> {
            byte[] head = exchange.getInputStream().readNBytes(10);
            JsonResponses.send(exchange, 200, new Length(head.length, exchange.isInIoThread(), exchange.isBlocking()));
        };
        server = start(Set.of(Route.post("/peek", peeks), Route.post("/echo", echoLength)));
        String large = "p".repeat(WorkerDispatch.PREFETCH_LIMIT * 2);

        HttpResponse<String> peeked = post("/peek", BodyPublishers.ofString(large));
        HttpResponse<String> next = post("/echo", BodyPublishers.ofString("after"));

        assertThat(peeked.body()).startsWith("{\"length\":10,");
        assertThat(next.body()).startsWith("{\"length\":5,");
    }

    @Test
    void aBodyLeftHalfReadByAHandlerThatAnswersLaterDoesNotBreakTheNextRequest() throws Exception {
        HttpHandler peeksThenAnswersLater = exchange -> {
            byte[] head = exchange.getInputStream().readNBytes(10);
            WorkerDispatch.answerLater(exchange, CompletableFuture.supplyAsync(() -> head.length),
                    length -> JsonResponses.send(exchange, 200, new Length(length, exchange.isInIoThread(), exchange.isBlocking())));
        };
        server = start(Set.of(Route.post("/peek", peeksThenAnswersLater), Route.post("/echo", echoLength)));
        String large = "p".repeat(WorkerDispatch.PREFETCH_LIMIT * 2);

        HttpResponse<String> peeked = post("/peek", BodyPublishers.ofString(large));
        HttpResponse<String> next = post("/echo", BodyPublishers.ofString("after"));

        assertThat(peeked.body()).startsWith("{\"length\":10,\"ioThread\":true,");
        assertThat(next.body()).startsWith("{\"length\":5,");
    }

    @Test
    void aFailureAfterTheAnswerWasSentLeavesTheAnswerAlone() throws Exception {
        HttpHandler answersThenThrows = exchange -> {
            JsonResponses.send(exchange, 201, new ErrorBody("none"));
            throw new IllegalStateException("too late");
        };
        server = start(Set.of(Route.post("/late", answersThenThrows)));

        HttpResponse<String> response = post("/late", BodyPublishers.ofString("{}"));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("{\"error\":\"none\"}");
    }

    @Test
    void anUnknownPathWithABodyIsStillAJson404() throws Exception {
        server = start(Set.of());

        HttpResponse<String> response = post("/nowhere", BodyPublishers.ofString("{\"a\":1}"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"Not found\"}");
    }

    private void awaitEnded(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (endedOnIoThread.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(endedOnIoThread).hasSize(count);
    }

    private RingbackHttpServer start(Set<Route> routes) {
        RingbackHttpServer started = new RingbackHttpServer(SETTINGS, routes);
        started.start();
        return started;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.localUri().resolve(path));
    }

    private HttpResponse<String> post(String path, HttpRequest.BodyPublisher body) throws Exception {
        return client.send(request(path).POST(body).build(), BodyHandlers.ofString());
    }

    record Length(int length, boolean ioThread, boolean blocking) {}

    record Taken(int taken, int takenAgain, int readAfter) {}

    record Later(String value, boolean ioThread) {}
}
