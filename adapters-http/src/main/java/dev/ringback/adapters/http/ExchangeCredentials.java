package dev.ringback.adapters.http;

import dev.ringback.application.port.out.DashboardAuthenticator.RequestCredentials;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import java.util.Optional;

/** A request's headers and cookies, as the authenticators see them. */
final class ExchangeCredentials implements RequestCredentials {
    private final HttpServerExchange exchange;

    ExchangeCredentials(HttpServerExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    @Override
    public Optional<String> cookie(String name) {
        return Optional.ofNullable(exchange.getRequestCookie(name)).map(Cookie::getValue);
    }
}
