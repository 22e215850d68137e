package dev.ringback.adapters.http.bland;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Supplier;

/** The JDK client both Bland adapters use, built one way. */
final class BlandHttpClients {
    private BlandHttpClients() {}

    /**
     * The client, built on first use: building one loads the JDK's default TLS context and
     * trust store (~150 ms of a ~0.7 s cold start; ~0.4 s of a start on a slow hour) and starts a
     * selector thread, which a server that has not placed a call yet does not need.
     */
    static Lazy lazy(Duration connectTimeout) {
        return new Lazy(connectTimeout);
    }

    static final class Lazy implements Supplier<HttpClient> {
        private final Duration connectTimeout;
        private volatile HttpClient client;

        private Lazy(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        @Override
        public HttpClient get() {
            HttpClient built = client;
            if (built == null) {
                synchronized (this) {
                    built = client;
                    if (built == null) {
                        built = build(connectTimeout);
                        client = built;
                    }
                }
            }
            return built;
        }

        boolean built() {
            return client != null;
        }
    }

    /**
     * HTTP/1.1 keeps failure modes simple: a refused connection is a ConnectException and nothing
     * was written; the JDK client never repeats a POST on its own. A redirect is not followed: it
     * would send the API key to wherever it points.
     */
    private static HttpClient build(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }
}
