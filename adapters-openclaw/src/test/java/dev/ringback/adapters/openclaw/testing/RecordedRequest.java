package dev.ringback.adapters.openclaw.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Any request the fake gateway received, before any check (canned answers and outages included). */
public record RecordedRequest(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
    public RecordedRequest {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public Optional<String> header(String name) {
        return firstHeader(headers, name);
    }

    static Optional<String> firstHeader(Map<String, List<String>> headers, String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return headers.entrySet().stream()
                .filter(e -> e.getKey().toLowerCase(Locale.ROOT).equals(wanted))
                .flatMap(e -> e.getValue().stream())
                .findFirst();
    }
}
