package dev.ringback.adapters.openclaw;

import java.net.http.HttpHeaders;
import java.util.Objects;

/** What came back from a user's machine: an HTTP answer, or nothing usable at all. */
sealed interface GatewayAnswer {

    /** The machine answered; the body is cut at {@link LimitedBodySubscriber#LIMIT} bytes. */
    record Response(int status, HttpHeaders headers, byte[] body) implements GatewayAnswer {
        public Response {
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(body, "body");
        }

        boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    /** No answer (refused connection, timeout, reset...): always worth another try later. */
    record Unreachable(String detail) implements GatewayAnswer {
        public Unreachable {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
