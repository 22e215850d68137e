package dev.ringback.adapters.openclaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The plain-socket client against a scripted HTTP server on loopback: what it sends, every way an
 * answer's body can be framed, keep-alive, a kept connection the server has closed, and failures.
 */
class SocketHttpClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final SocketHttpClient client = new SocketHttpClient(Duration.ofSeconds(2));
    private ScriptedServer server;

    @AfterEach
    void stop() throws IOException {
        client.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sendsTheRequestAsTheJdkClientWould() throws Exception {
        server = new ScriptedServer((request, out) -> answer(out, 200, "Content-Length: 2\r\n", "ok"));

        GatewayAnswer answer = client.exchange(post("/hooks/agent?x=1", "{\"a\":\"é\"}"), info -> new LimitedBodySubscriber(), TIMEOUT);

        assertThat(((GatewayAnswer.Response) answer).status()).isEqualTo(200);
        assertThat(new String(((GatewayAnswer.Response) answer).body(), StandardCharsets.UTF_8)).isEqualTo("ok");
        Received request = server.requests.get(0);
        assertThat(request.head).startsWith("POST /hooks/agent?x=1 HTTP/1.1\r\n")
                .contains("\r\nHost: 127.0.0.1:" + server.port() + "\r\n")
                .containsIgnoringCase("\r\nIdempotency-Key: key-1\r\n")
                .containsIgnoringCase("\r\nContent-Length: 10\r\n");
        assertThat(new String(request.body, StandardCharsets.UTF_8)).isEqualTo("{\"a\":\"é\"}");
    }

    @Test
    void sendsABodyInHandAsItIs() throws Exception {
        server = new ScriptedServer((request, out) -> answer(out, 200, "Content-Length: 2\r\n", "ok"));
        byte[] body = "{\"message\":\"📞 done\"}".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/hooks/agent"))
                .POST(new ByteArrayBody(body)).build();

        assertThat(status(client.exchange(request, info -> new LimitedBodySubscriber(), TIMEOUT))).isEqualTo(200);

        Received received = server.requests.get(0);
        assertThat(received.head).containsIgnoringCase("\r\nContent-Length: " + body.length + "\r\n");
        assertThat(received.body).isEqualTo(body);
    }

    @Test
    void keepsTheConnectionForTheNextExchange() throws Exception {
        server = new ScriptedServer((request, out) -> answer(out, 200, "Content-Length: 2\r\n", "ok"));

        for (int i = 0; i < 3; i++) {
            assertThat(status(client.exchange(post("/hooks/agent", "{}"), info -> new LimitedBodySubscriber(), TIMEOUT)))
                    .isEqualTo(200);
        }

        assertThat(server.connections.get()).isEqualTo(1);
        assertThat(server.requests).hasSize(3);
        assertThat(client.idleConnections()).isEqualTo(1);
    }

    @Test
    void aKeptConnectionToAMachineNotCalledAgainIsClosedOnceItIsTooOldToUse() throws Exception {
        AtomicLong nanos = new AtomicLong();
        SocketHttpClient ticking = new SocketHttpClient(Duration.ofSeconds(2), nanos::get);
        server = new ScriptedServer((request, out) -> answer(out, 200, "Content-Length: 2\r\n", "ok"));
        try (ScriptedServer other = new ScriptedServer((request, out) -> answer(out, 200, "Content-Length: 2\r\n", "ok"))) {
            assertThat(status(ticking.exchange(post("/hooks/agent", "{}"), info -> new LimitedBodySubscriber(), TIMEOUT)))
                    .isEqualTo(200);
            nanos.addAndGet(SocketHttpClient.IDLE_LIMIT.toNanos() + 1);

            // Only other machines are called from now on: the first one's gateway has long closed
            // its side, and the socket must not stay open (CLOSE_WAIT) for as long as Ringback runs.
            HttpRequest elsewhere = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port() + "/hooks/agent"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray("{}".getBytes(StandardCharsets.UTF_8))).build();
            assertThat(status(ticking.exchange(elsewhere, info -> new LimitedBodySubscriber(), TIMEOUT))).isEqualTo(200);

            server.awaitClosed(1);
            assertThat(ticking.idleConnections()).isEqualTo(1);
        } finally {
            ticking.close();
        }
    }

    @Test
    void readsChunkedBodiesWithExtensionsAndTrailers() throws Exception {
        server = new ScriptedServer((request, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });

        GatewayAnswer answer = client.exchange(get("/sessions/k/history"), info -> new LimitedBodySubscriber(), TIMEOUT);
        GatewayAnswer again = client.exchange(get("/sessions/k/history"), info -> new LimitedBodySubscriber(), TIMEOUT);

        assertThat(new String(((GatewayAnswer.Response) answer).body(), StandardCharsets.US_ASCII)).isEqualTo("hello, world");
        assertThat(status(again)).isEqualTo(200);
        assertThat(server.connections.get()).as("a chunked answer read to its end leaves the connection usable").isEqualTo(1);
    }

    @Test
    void readsABodyWithoutLengthToTheEndAndDropsTheConnection() throws Exception {
        server = new ScriptedServer((request, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"ok\":true}".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            throw new CloseConnection();
        });

        GatewayAnswer answer = client.exchange(post("/hooks/agent", "{}"), info -> new LimitedBodySubscriber(), TIMEOUT);

        assertThat(new String(((GatewayAnswer.Response) answer).body(), StandardCharsets.US_ASCII)).isEqualTo("{\"ok\":true}");
        assertThat(client.idleConnections()).isZero();
    }

    @Test
    void aConnectionTheServerAsksToCloseIsNotKept() throws Exception {
        server = new ScriptedServer((request, out) -> answer(out, 503, "Connection: close\r\nContent-Length: 0\r\nRetry-After: 7\r\n", ""));

        GatewayAnswer answer = client.exchange(post("/hooks/agent", "{}"), info -> new LimitedBodySubscriber(), TIMEOUT);

        assertThat(status(answer)).isEqualTo(503);
        assertThat(((GatewayAnswer.Response) answer).headers().firstValue("retry-after")).contains("7");
        assertThat(client.idleConnections()).isZero();
    }

    @Test
    void skipsInterimAnswers() throws Exception {
        server = new ScriptedServer((request, out) -> {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            answer(out, 202, "Content-Length: 4\r\n", "done");
        });

        assertThat(status(client.exchange(post("/hooks/agent", "{}"), info -> new LimitedBodySubscriber(), TIMEOUT))).isEqualTo(202);
    }

    @Test
    void aKeptConnectionTheServerClosedIsReplacedAndTheRequestSentOnce() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        server = new ScriptedServer((request, out) -> {
            answer(out, 200, "Content-Length: 2\r\n", "ok");
            answered.incrementAndGet();
            // Closes after each answer without saying so, as a server does with an idle connection.
            throw new CloseConnection();
        });
        assertThat(status(client.exchange(post("/hooks/agent", "{}"), info -> new LimitedBodySubscriber(), TIMEOUT))).isEqualTo(200);
        server.awaitClosed(1);

        GatewayAnswer second = client.exchange(post("/hooks/agent", "{\"n\":2}"), info -> new LimitedBodySubscriber(), TIMEOUT);

        assertThat(status(second)).isEqualTo(200);
        assertThat(server.connections.get()).isEqualTo(2);
        assertThat(server.requests).extracting(r -> new String(r.body, StandardCharsets.UTF_8)).containsExactly("{}", "{\"n\":2}");
    }

    /**
     * A machine (or a proxy before it) that read the request and closed the kept connection
     * without answering may have run it: sending it again here, without the history check a
     * delivery's next attempt makes, could run the notification twice.
     */
    @Test
    void aKeptConnectionClosedAfterTheRequestWasReadIsAFailureNotASecondSend() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        server = new ScriptedServer((request, out) -> {
            if (seen.incrementAndGet() > 1) {
                throw new CloseConnection();
            }
            answer(out, 200, "Content-Length: 2\r\n", "ok");
        });
        assertThat(status(client.exchange(post("/hooks/agent", "{}"), info -> new LimitedBodySubscriber(), TIMEOUT))).isEqualTo(200);

        assertThatThrownBy(() -> client.exchange(post("/hooks/agent", "{\"n\":2}"), info -> new LimitedBodySubscriber(), TIMEOUT))
                .isInstanceOf(IOException.class);

        assertThat(server.requests).extracting(r -> new String(r.body, StandardCharsets.UTF_8)).as("sent once")
                .containsExactly("{}", "{\"n\":2}");
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void aNewConnectionClosedBeforeAnyAnswerIsAFailureNotARetry() throws Exception {
        server = new ScriptedServer((request, out) -> {
            throw new CloseConnection();
        });

        assertThatThrownBy(() -> client.exchange(post("/hooks/agent", "{}"), info -> new LimitedBodySubscriber(), TIMEOUT))
                .isInstanceOf(IOException.class);
        assertThat(server.requests).as("sent once").hasSize(1);
    }

    @Test
    void aSilentServerTimesOutWithinTheDeadline() throws Exception {
        server = new ScriptedServer((request, out) -> Thread.sleep(3_000));

        long started = System.nanoTime();
        assertThatThrownBy(() -> client.exchange(post("/hooks/agent", "{}"), info -> new LimitedBodySubscriber(),
                Duration.ofMillis(300))).isInstanceOf(SocketTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void anOversizedBodyIsCutAndItsConnectionDropped() throws Exception {
        String big = "x".repeat(LimitedBodySubscriber.LIMIT * 4);
        server = new ScriptedServer((request, out) -> answer(out, 200, "Content-Length: " + big.length() + "\r\n", big));

        GatewayAnswer answer = client.exchange(post("/hooks/agent", "{}"), info -> new LimitedBodySubscriber(), TIMEOUT);

        assertThat(((GatewayAnswer.Response) answer).body()).hasSize(LimitedBodySubscriber.LIMIT);
        assertThat(client.idleConnections()).isZero();
    }

    @Test
    void garbageInsteadOfAnAnswerIsAFailure() throws Exception {
        server = new ScriptedServer((request, out) -> {
            out.write("SSH-2.0-OpenSSH_9.6\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });

        assertThatThrownBy(() -> client.exchange(post("/hooks/agent", "{}"), info -> new LimitedBodySubscriber(), TIMEOUT))
                .isInstanceOf(IOException.class).hasMessageContaining("status line");
    }

    @Test
    void endlessHeadersAreAFailureNotAHeapFull() throws Exception {
        server = new ScriptedServer((request, out) -> {
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 10_000; i++) {
                out.write(("X-Padding-" + i + ": " + "y".repeat(100) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        });

        assertThatThrownBy(() -> client.exchange(post("/hooks/agent", "{}"), info -> new LimitedBodySubscriber(), TIMEOUT))
                .isInstanceOf(IOException.class).hasMessageContaining("too long");
    }

    @Test
    void takesPlainHttpOnly() {
        assertThat(SocketHttpClient.handles(URI.create("http://127.0.0.1:18789/hooks"))).isTrue();
        assertThat(SocketHttpClient.handles(URI.create("https://ada.example/hooks"))).isFalse();
        assertThat(SocketHttpClient.handles(URI.create("http://user:pw@ada.example/hooks"))).isFalse();
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Idempotency-Key", "key-1")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build();
    }

    private static int status(GatewayAnswer answer) {
        return ((GatewayAnswer.Response) answer).status();
    }

    private static void answer(OutputStream out, int status, String headers, String body) throws IOException {
        out.write(("HTTP/1.1 " + status + " X\r\n" + headers + "\r\n" + body).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Thrown by a script to close the connection there. */
    private static final class CloseConnection extends RuntimeException {}

    private record Received(String head, byte[] body) {}

    @FunctionalInterface
    private interface Script {
        void answer(Received request, OutputStream out) throws Exception;
    }

    /** One thread per connection; reads requests framed by Content-Length and answers each by script. */
    private static final class ScriptedServer implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final List<Received> requests = new CopyOnWriteArrayList<>();
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        ScriptedServer(Script script) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        accepted.add(connection);
                        connections.incrementAndGet();
                        Thread serve = new Thread(() -> serve(connection, script));
                        serve.setDaemon(true);
                        serve.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        void awaitClosed(int count) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (closed.get() < count && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(closed.get()).isGreaterThanOrEqualTo(count);
        }

        private void serve(Socket connection, Script script) {
            try (connection; InputStream in = connection.getInputStream(); OutputStream out = connection.getOutputStream()) {
                while (true) {
                    String head = head(in);
                    if (head == null) {
                        return;
                    }
                    int length = 0;
                    for (String line : head.split("\r\n")) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            length = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                    Received request = new Received(head, in.readNBytes(length));
                    requests.add(request);
                    script.answer(request, out);
                }
            } catch (CloseConnection | IOException e) {
                // The connection ends here.
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                closed.incrementAndGet();
            }
        }

        private static String head(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            List<Integer> last = new ArrayList<>(List.of(0, 0, 0, 0));
            for (int b; (b = in.read()) >= 0; ) {
                head.write(b);
                last.remove(0);
                last.add(b);
                if (last.equals(List.of((int) '\r', (int) '\n', (int) '\r', (int) '\n'))) {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
