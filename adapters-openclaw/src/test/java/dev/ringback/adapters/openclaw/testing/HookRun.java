package dev.ringback.adapters.openclaw.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run the fake gateway accepted from {@code /hooks/agent} (replays of a run are not runs).
 *
 * @param sessionKey the canonical key the run was filed under ({@code agent:main:hook:<uuid>} without one)
 * @param persistent whether it was appended to that session's history rather than a throwaway transcript
 * @param rawBody the request body exactly as received
 */
public record HookRun(
        String runId,
        String sessionKey,
        boolean persistent,
        Optional<String> idempotencyKey,
        Map<String, Object> payload,
        byte[] rawBody,
        Map<String, List<String>> headers) {

    public HookRun {
        payload = Map.copyOf(payload);
        headers = Map.copyOf(headers);
        rawBody = rawBody.clone();
    }

    @Override
    public byte[] rawBody() {
        return rawBody.clone();
    }

    public String body() {
        return new String(rawBody, StandardCharsets.UTF_8);
    }

    /** First value of a request header, matched case-insensitively. */
    public Optional<String> header(String name) {
        return RecordedRequest.firstHeader(headers, name);
    }
}
