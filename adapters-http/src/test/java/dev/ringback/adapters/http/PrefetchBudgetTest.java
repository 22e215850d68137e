package dev.ringback.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies read ahead on the I/O threads share one budget: connections holding half-sent bodies
 * cannot fill the heap, a request past the budget is refused at once, and the budget comes back
 * when a body arrives or its connection goes.
 */
class PrefetchBudgetTest {
    private static final int DECLARED = 64 * 1024;

    private final PrefetchBudget budget = new PrefetchBudget(100 * 1024);
    private final HttpHandler echoLength = exchange -> {
        byte[] body;
        try (InputStream in = exchange.getInputStream()) {
            body = in.readAllBytes();
        }
        JsonResponses.send(exchange, 200, new ErrorBody("read " + body.length));
    };
    private final Undertow server = Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setHandler(new WorkerDispatch(echoLength, exchange -> false, budget))
            .build();

    @AfterEach
    void stop() {
        server.stop();
    }

    private int port() {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private Socket post(int declared, int sent) throws IOException {
        Socket socket = new Socket("127.0.0.1", port());
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /anything HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + declared + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write("x".repeat(sent).getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static String answer(Socket socket) throws IOException {
        BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c == -1) {
                break;
            }
            head.write(c);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void aRequestPastTheBudgetIsRefusedAtOnceAndTheBudgetComesBackWithTheConnection() throws Exception {
        server.start();
        Socket halfSent = post(DECLARED, 10);
        await(() -> budget.available() == 100 * 1024 - DECLARED);

        try (Socket refused = post(DECLARED, DECLARED)) {
            String head = answer(refused);
            assertThat(head).startsWith("HTTP/1.1 503").contains("Retry-After: 1").containsIgnoringCase("Connection: close");
        }

        halfSent.close();
        await(() -> budget.available() == 100 * 1024);
        try (Socket served = post(DECLARED, DECLARED)) {
            assertThat(answer(served)).startsWith("HTTP/1.1 200");
        }
        await(() -> budget.available() == 100 * 1024);
    }

    @Test
    void aBodyGivesItsShareBackOnceHoweverItEnds() throws Exception {
        server.start();
        for (int i = 0; i < 5; i++) {
            try (Socket served = post(DECLARED, DECLARED)) {
                assertThat(answer(served)).startsWith("HTTP/1.1 200");
            }
        }
        await(() -> budget.available() == 100 * 1024);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waited for the budget").isBefore(deadline);
            Thread.sleep(5);
        }
    }
}
