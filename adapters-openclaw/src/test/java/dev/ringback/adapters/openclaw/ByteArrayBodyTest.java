package dev.ringback.adapters.openclaw;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What the JDK client (HTTPS machines) sends of a body in hand: the same bytes, each time it is sent. */
class ByteArrayBodyTest {

    @Test
    void theJdkClientSendsItsBytesEveryTime() throws Exception {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/files/upload", exchange -> {
            received.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            byte[] bytes = "# 📞 **Call completed**\n".getBytes(StandardCharsets.UTF_8);
            ByteArrayBody body = new ByteArrayBody(bytes);
            HttpRequest request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/files/upload")).POST(body).build();
            HttpClient client = HttpClient.newHttpClient();

            for (int i = 0; i < 2; i++) {
                assertThat(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
            }

            assertThat(body.contentLength()).isEqualTo(bytes.length);
            assertThat(received).hasSize(2).allSatisfy(sent -> assertThat(sent).isEqualTo(bytes));
        } finally {
            server.stop(0);
        }
    }
}
