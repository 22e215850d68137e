package dev.ringback.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import jakarta.inject.Inject;

/** Liveness ({@code /healthz}: the process answers) and readiness ({@code /readyz}: it should get traffic). */
final class HealthHandlers {
    static final String HEALTH_PATH = "/healthz";
    static final String READY_PATH = "/readyz";

    private HealthHandlers() {}

    static final class Health implements HttpHandler {
        @Inject
        Health() {}

        @Override
        public void handleRequest(HttpServerExchange exchange) {
            JsonResponses.send(exchange, 200, new Status("ok"));
        }
    }

    static final class Ready implements HttpHandler {
        private final ReadinessProbe probe;

        @Inject
        Ready(ReadinessProbe probe) {
            this.probe = probe;
        }

        @Override
        public void handleRequest(HttpServerExchange exchange) {
            if (probe.ready()) {
                JsonResponses.send(exchange, 200, new Status("ready"));
            } else {
                JsonResponses.send(exchange, 503, new Status("not ready"));
            }
        }
    }

    record Status(@JsonProperty("status") String status) {}
}
