package dev.ringback.adapters.http.bland;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringback.application.port.out.TelephonyProvider.Placement;
import dev.ringback.domain.InvalidInputException;
import dev.ringback.domain.call.ProviderCallId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads Bland's answer to a call placement. Only an answer that proves Bland did not queue the
 * call (a 4xx, an error envelope, a redirect that never reached the calls API) is a rejection;
 * anything else that lacks a call id is uncertain, because a second POST could dial the same
 * number twice.
 */
final class BlandAnswer {
    private static final int MAX_DETAIL = 120;
    /** Bland's messages can quote the dialled number; nothing that looks like one goes into a reason. */
    private static final Pattern NUMBER_LIKE = Pattern.compile("\\+?\\d[\\d\\s().-]{3,}\\d");
    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cntrl}\\p{Zl}\\p{Zp}]+");

    private BlandAnswer() {}

    static Placement read(ObjectMapper json, int status, byte[] body) {
        Optional<JsonNode> root = parse(json, body);
        if (status >= 200 && status < 300) {
            return success(status, root);
        }
        if (status >= 300 && status < 400) {
            // Bland's calls API never redirects: what answered (a wrong BLAND_API_URL, a proxy) did
            // not pass the request on, and it is not followed (it would carry the API key elsewhere).
            return new Placement.Rejected(status, "Bland's address answered with a redirect (HTTP " + status
                    + "), so no call was placed: check BLAND_API_URL");
        }
        if (status >= 400 && status < 500) {
            return new Placement.Rejected(status, rejection(status, root));
        }
        // A 5xx may come after the call was queued: only Bland's webhook or a lookup can tell.
        return new Placement.Uncertain("Bland answered HTTP " + status);
    }

    private static Placement success(int status, Optional<JsonNode> root) {
        if (root.isEmpty()) {
            return new Placement.Uncertain("Bland answered HTTP " + status + " with an unreadable body");
        }
        Optional<String> callId = text(root.get(), "call_id");
        if (callId.isPresent()) {
            try {
                return new Placement.Queued(new ProviderCallId(callId.get()));
            } catch (InvalidInputException e) {
                return new Placement.Uncertain("Bland answered with a malformed call_id");
            }
        }
        if (text(root.get(), "status").filter("error"::equalsIgnoreCase).isPresent()) {
            // An explicit error envelope says the call was not queued, whatever the status line says.
            return new Placement.Rejected(status, rejection(status, root));
        }
        return new Placement.Uncertain("Bland answered HTTP " + status + " without a call_id");
    }

    private static String rejection(int status, Optional<JsonNode> root) {
        String base = "Bland rejected the call (HTTP " + status + " " + meaning(status) + ")";
        return root.flatMap(BlandAnswer::detail).map(detail -> base + ": " + detail).orElse(base);
    }

    private static String meaning(int status) {
        switch (status) {
            case 400:
                return "invalid request";
            case 401:
                return "unauthorized";
            case 402:
                return "insufficient balance";
            case 403:
                return "account not allowed";
            case 404:
                return "not found";
            case 429:
                return "rate limited";
            default:
                return "refused";
        }
    }

    /** What either envelope says (code, message, first error), made safe for logs and users. */
    private static Optional<String> detail(JsonNode root) {
        JsonNode firstError = root.path("errors").path(0);
        List<String> parts = new ArrayList<>();
        text(firstError, "error").ifPresent(parts::add);
        text(root, "message").ifPresent(parts::add);
        text(firstError, "message").ifPresent(parts::add);
        if (firstError.isTextual() && !firstError.asText().isBlank()) {
            parts.add(firstError.asText());
        }
        String joined = String.join(": ", new LinkedHashSet<>(parts));
        return joined.isBlank() ? Optional.empty() : Optional.of(logSafe(joined));
    }

    static String logSafe(String raw) {
        String flat = UNPRINTABLE.matcher(raw).replaceAll(" ");
        String masked = NUMBER_LIKE.matcher(flat).replaceAll("#").strip();
        return masked.length() > MAX_DETAIL ? masked.substring(0, MAX_DETAIL) + "..." : masked;
    }

    private static Optional<JsonNode> parse(ObjectMapper json, byte[] body) {
        try {
            JsonNode root = json.readTree(body);
            return root != null && root.isObject() ? Optional.of(root) : Optional.empty();
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }
}
