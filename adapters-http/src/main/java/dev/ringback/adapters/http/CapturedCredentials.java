package dev.ringback.adapters.http;

import dev.ringback.application.port.out.DashboardAuthenticator.RequestCredentials;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.HeaderValues;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request's headers and cookies copied off the exchange, for an authenticator that runs on
 * another thread while the exchange belongs to its I/O thread. Answers as {@link
 * ExchangeCredentials} does: a header's first value, names ignoring case; a cookie's value.
 */
final class CapturedCredentials implements RequestCredentials {
    private final Map<String, String> headers;
    private final Map<String, String> cookies;

    private CapturedCredentials(Map<String, String> headers, Map<String, String> cookies) {
        this.headers = headers;
        this.cookies = cookies;
    }

    /** Call on the exchange's own thread. */
    static CapturedCredentials of(HttpServerExchange exchange) {
        Map<String, String> headers = new HashMap<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            headers.put(values.getHeaderName().toString().toLowerCase(Locale.ROOT), values.getFirst());
        }
        Map<String, String> cookies = new HashMap<>();
        if (headers.containsKey("cookie")) {
            for (Cookie cookie : exchange.requestCookies()) {
                // The value ExchangeCredentials would give for this name, whichever of its duplicates that is.
                cookies.computeIfAbsent(cookie.getName(), name -> exchange.getRequestCookie(name).getValue());
            }
        }
        return new CapturedCredentials(headers, cookies);
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }
}
