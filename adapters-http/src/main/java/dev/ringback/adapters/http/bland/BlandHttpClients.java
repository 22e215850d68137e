package dev.ringback.adapters.http.bland;

import java.net.http.HttpClient;
import java.time.Duration;

/** The JDK client both Bland adapters use, built one way. */
final class BlandHttpClients {
    private BlandHttpClients() {}

    /**
     * HTTP/1.1 keeps failure modes simple: a refused connection is a ConnectException and nothing
     * was written; the JDK client never repeats a POST on its own. A redirect is not followed: it
     * would send the API key to wherever it points.
     */
    static HttpClient create(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }
}
