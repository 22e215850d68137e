package dev.ringback.adapters.http;

/**
 * An expected refusal: the status and the JSON body to answer with. Thrown by handlers and the
 * body reader, turned into the response by {@link ErrorHandler}. It is control flow, not a bug,
 * so it carries no stack trace.
 */
final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Object body;

    ApiError(int status, Object body) {
        super("HTTP " + status, null, false, false);
        this.status = status;
        this.body = body;
    }

    static ApiError of(int status, String message) {
        return new ApiError(status, new ErrorBody(message));
    }

    int status() {
        return status;
    }

    Object body() {
        return body;
    }
}
