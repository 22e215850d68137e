package dev.ringback.bootstrap.realgateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** One raw HTTP exchange of the suite with a process on loopback (gateway, Ringback, fake model). */
final class E2eHttp {
    // HTTP/1.1 as the seed's fetch() sent it; the JDK's default h2c upgrade request is refused by the gateway (405).
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private E2eHttp() {}

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
