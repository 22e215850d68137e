package dev.ringback.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that stop sending, or hold connections open: they must not take the server's worker
 * threads or memory for good. A short stall timeout stands in for the production one (30 s).
 */
class StalledClientsTest {
    private static final HttpServerSettings SETTINGS = new HttpServerSettings("127.0.0.1", 0, URI.create("http://127.0.0.1"), 1024 * 1024);
    private static final int STALL_MILLIS = 300;
    /** More than the server's worker threads (8 per I/O thread): enough stalled uploads to hold every one. */
    private static final int STALLED = 40;

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<Socket> sockets = new ArrayList<>();
    private RingbackHttpServer server;

    /** Reads the whole body as a handler does, then answers its length and its first and last bytes. */
    private final io.undertow.server.HttpHandler echo = exchange -> {
        byte[] body = new RequestBodies(SETTINGS.maxBodyBytes()).raw(exchange);
        JsonResponses.send(exchange, 200, new Echo(body.length, body.length == 0 ? 0 : body[0], body.length == 0 ? 0 : body[body.length - 1]));
    };

    record Echo(int length, int first, int last) {}

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private RingbackHttpServer start() {
        server = new RingbackHttpServer(SETTINGS, Set.of(Route.post("/echo", echo), Route.get("/ping",
                exchange -> JsonResponses.send(exchange, 200, new Echo(0, 0, 0)))), STALL_MILLIS);
        server.start();
        return server;
    }

    /** Sends {@code head} and whatever body start, then nothing more. */
    private Socket stalled(String head, String bodyStart) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.port());
        sockets.add(socket);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write((head + bodyStart).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return socket;
    }

    /** What the server sends before it closes the connection; fails if it keeps it open 10 s. */
    private static String untilClosed(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept a stalled connection open", e);
        } catch (IOException reset) {
            return "";
        }
    }

    @Test
    void stalledUploadsAreCutAndTheWorkersServeOthersAgain() throws Exception {
        start();
        List<Socket> chunked = new ArrayList<>();
        List<Socket> declared = new ArrayList<>();
        for (int i = 0; i < STALLED; i++) {
            chunked.add(stalled("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n", "1\r\n{\r\n"));
            declared.add(stalled("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 40000\r\n\r\n", "{"));
        }

        for (Socket socket : chunked) {
            assertThat(untilClosed(socket)).doesNotContain("200 OK");
        }
        for (Socket socket : declared) {
            String answer = untilClosed(socket);
            assertThat(answer).doesNotContain("200 OK");
            if (!answer.isEmpty()) {
                assertThat(answer).startsWith("HTTP/1.1 400").contains(RequestBodies.BODY_UNREADABLE);
            }
        }
        HttpResponse<String> after = client.send(HttpRequest.newBuilder(server.localUri().resolve("/ping")).GET().build(),
                BodyHandlers.ofString());
        assertThat(after.statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyLargerThanWhatIsReservedAtOnceArrivesWhole() throws Exception {
        start();
        byte[] body = new byte[40_000];
        Arrays.fill(body, (byte) 'x');
        body[0] = '[';
        body[body.length - 1] = ']';

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(server.localUri().resolve("/echo"))
                .POST(BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"length\":40000,\"first\":91,\"last\":93}");
    }

    @Test
    void headIsAnsweredWhereGetIsWithoutABody() throws Exception {
        start();

        HttpResponse<String> head = client.send(HttpRequest.newBuilder(server.localUri().resolve("/ping"))
                .method("HEAD", BodyPublishers.noBody()).build(), BodyHandlers.ofString());
        HttpResponse<String> wrong = client.send(HttpRequest.newBuilder(server.localUri().resolve("/echo"))
                .method("HEAD", BodyPublishers.noBody()).build(), BodyHandlers.ofString());

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Type")).contains(JsonResponses.CONTENT_TYPE);
        assertThat(wrong.statusCode()).as("no GET there").isEqualTo(405);
        assertThat(wrong.headers().firstValue("Allow")).contains("POST");
    }
}
