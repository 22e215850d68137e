package dev.ringback.adapters.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * One line per request: method, path (never the query), status and duration. Headers, bodies
 * and query strings can hold tokens, phone numbers and transcripts, so they are never logged.
 *
 * <p>A handler may add a short {@link #note} (what the request did, say the call it ended): it is
 * folded into the same line, so a webhook costs one INFO line, not one per layer.
 *
 * <p>It also gives a JSON body to the answers Undertow produces by itself (the 503 of a server
 * that is draining, a 500 from inside Undertow), so that every failure the API sends is JSON.
 */
final class RequestLog implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(RequestLog.class.getName());
    private static final int MAX_LOGGED_PATH = 200;
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final AttachmentKey<String> NOTE = AttachmentKey.create(String.class);
    /** Logged for a request that got no answer because its connection closed (nginx's "client closed request"). */
    static final int CLOSED_UNANSWERED = 499;

    private final HttpHandler next;

    RequestLog(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long start = System.nanoTime();
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            try {
                if (LOG.isLoggable(Level.INFO)) {
                    LOG.log(Level.INFO, line(done, (System.nanoTime() - start) / 1_000_000));
                }
            } finally {
                nextListener.proceed();
            }
        });
        exchange.addDefaultResponseListener(RequestLog::jsonForBareError);
        next.handleRequest(exchange);
    }

    /**
     * The line, built directly: with parameters, java.util.logging would run MessageFormat (and a
     * DecimalFormat per number) for every request: ~4% of the server's CPU samples in a profile.
     */
    static String line(HttpServerExchange done, long millis) {
        // Ended with nothing sent: the connection closed first (a client that broke off or broke
        // the framing of its body). Its status is still the default 200, which is not what happened.
        boolean answered = done.isResponseStarted();
        StringBuilder line = new StringBuilder(96)
                .append(done.getRequestMethod()).append(' ')
                .append(safePath(done)).append(' ')
                .append(answered ? done.getStatusCode() : CLOSED_UNANSWERED).append(' ')
                .append(millis).append("ms");
        String note = done.getAttachment(NOTE);
        if (note != null) {
            line.append(": ").append(note);
        }
        if (!answered) {
            line.append(note != null ? "; " : ": ").append("connection closed before an answer");
        }
        return line.toString();
    }

    /**
     * Adds {@code note} to this request's log line. It must hold no secret, phone number or
     * transcript: ids and outcomes only.
     */
    static void note(HttpServerExchange exchange, String note) {
        exchange.putAttachment(NOTE, note);
    }

    private static boolean jsonForBareError(HttpServerExchange exchange) {
        int status = exchange.getStatusCode();
        if (status < 400 || exchange.isResponseStarted()) {
            return false;
        }
        String message = status == 503 ? "Service unavailable" : status >= 500 ? ErrorHandler.INTERNAL_ERROR : "Request failed";
        byte[] body = ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, JsonResponses.CONTENT_TYPE);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
        return true;
    }

    /** The request path cut to a sane length and without control characters (no log forging). */
    static String safePath(HttpServerExchange exchange) {
        String path = exchange.getRequestPath();
        String cut = path.length() > MAX_LOGGED_PATH ? path.substring(0, MAX_LOGGED_PATH) + "..." : path;
        // Compiled once, and only run when needed: this is called for every request.
        return hasControl(cut) ? CONTROL.matcher(cut).replaceAll("?") : cut;
    }

    private static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
