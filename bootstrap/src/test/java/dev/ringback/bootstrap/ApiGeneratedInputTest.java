package dev.ringback.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringback.adapters.http.bland.BlandSignature;
import dev.ringback.adapters.http.testing.GeneratedJson;
import dev.ringback.application.port.in.RegisterMachineUseCase;
import dev.ringback.application.port.in.RegisterUserUseCase;
import dev.ringback.domain.account.NotifierRoute;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.account.UserId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded generated requests against every endpoint of the real standalone server, written on a
 * raw socket so that methods, headers, query strings and sizes are whatever the generator says:
 * never a 5xx, never an uncaught exception in the log, every refusal a JSON body with
 * {@code error}. Reproduce a failure with {@code -Dringback.seed=<seed>}.
 */
class ApiGeneratedInputTest {
    static final long SEED = Long.getLong("ringback.seed", 20261126L);
    static final int REQUESTS = 3_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    // Held strongly: java.util.logging keeps loggers only weakly.
    private static final Logger OURS = Logger.getLogger("dev.ringback");

    private static final Map<String, List<String>> ENDPOINTS = new LinkedHashMap<>();

    static {
        ENDPOINTS.put("/api/user/call", List.of("to", "task", "first_sentence", "voice_id", "max_duration", "record",
                "voicemail_action", "voicemail_message", "session_key"));
        ENDPOINTS.put("/api/user/call/status", List.of("call_id"));
        ENDPOINTS.put("/api/user/sessions/active", List.of("sessionKey"));
        ENDPOINTS.put("/api/user/gateway", List.of("x"));
        ENDPOINTS.put("/api/webhooks/bland/status", List.of("call_id", "status", "completed", "call_length", "summary",
                "concatenated_transcript", "metadata", "to", "from", "answered_by", "event_type", "inbound", "end_at"));
        ENDPOINTS.put("/healthz", List.of("x"));
        ENDPOINTS.put("/readyz", List.of("x"));
        ENDPOINTS.put("/api/user/unknown", List.of("x"));
        ENDPOINTS.put("/", List.of("x"));
    }

    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO"};
    private static final Set<String> GET_ROUTES = Set.of("/api/user/call/status", "/api/user/gateway", "/healthz", "/readyz");
    // Held strongly; one line per request would drown the build's output.
    private static final Logger REQUEST_LOG = Logger.getLogger("dev.ringback.adapters.http.RequestLog");

    @TempDir
    Path dir;

    private StandaloneHarness harness;
    private String dashboardToken;
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Handler errors = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue() || record.getThrown() != null) {
                failures.add(record.getLoggerName() + ": " + record.getMessage() + " " + record.getThrown());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void start() {
        OURS.addHandler(errors);
        REQUEST_LOG.setLevel(Level.WARNING);
        harness = new StandaloneHarness(dir);
        // Throttling is tested on its own; here every request must reach its handler.
        harness.env.put("RINGBACK_AUTH_FAILURE_LIMIT", "0");
        harness.env.put("RINGBACK_SECRET_KEY", TenantIsolationAndReplayTest.SECRET_KEY);
        harness.start();
        RingbackComponent c = harness.component();
        // A plan without minutes: valid placements are answered 403 and never dial Bland.
        c.registerUser().register(new RegisterUserUseCase.Command(Optional.of("fuzz"), "Fuzz", "starter"));
        c.registerMachine().register(new RegisterMachineUseCase.Command(new UserId("fuzz"), Optional.of("fuzz-machine"),
                harness.gateway.baseUri().toString(), harness.gateway.gatewayToken(), harness.gateway.hookToken(),
                harness.gateway.hooksPath(), Set.of("main"), NotifierRoute.HOOKS));
        c.assignPhoneNumber().assign(new UserId("fuzz"), StandaloneHarness.USER_NUMBER, Optional.empty());
        dashboardToken = c.issueDashboardToken().issue(new UserId("fuzz"));
    }

    @AfterEach
    void stop() {
        harness.close();
        OURS.removeHandler(errors);
        REQUEST_LOG.setLevel(null);
    }

    @Test
    void everyGeneratedRequestGetsANon5xxAnswerAndEveryRefusalIsJsonWithAnError() throws IOException {
        GeneratedJson gen = new GeneratedJson(SEED);
        Random random = gen.random();
        List<String> paths = new ArrayList<>(ENDPOINTS.keySet());
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            String path = paths.get(random.nextInt(paths.size()));
            // Mostly the route's own method, so that requests get past the router.
            String method = random.nextInt(4) == 0 ? METHODS[random.nextInt(METHODS.length)]
                    : GET_ROUTES.contains(path) ? "GET" : "POST";
            byte[] body = random.nextInt(60) == 0 ? oversized(random)
                    : path.equals("/api/user/call") && random.nextInt(3) == 0 ? nearlyValidPlacement(gen)
                    : gen.body(ENDPOINTS.get(path));
            String target = path + query(random);
            Map<String, String> headers = headers(random, path, body);
            Answer answer = send(method, target, headers, method.equals("GET") && random.nextBoolean() ? new byte[0] : body);
            String what = "seed " + SEED + " request #" + i + " " + method + " " + target + " " + headers.keySet();
            statuses.merge(answer.status(), 1, Integer::sum);

            assertThat(answer.status()).as(what).isBetween(200, 499);
            if (method.equals("HEAD")) {
                continue;
            }
            JsonNode json = parse(answer.body(), what);
            if (answer.status() >= 400) {
                assertThat(answer.header("content-type")).as(what).isEqualTo("application/json");
                assertThat(json.path("error").isTextual()).as(what + " " + json).isTrue();
                assertThat(json.path("error").asText()).as(what).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
            }
        }
        assertThat(failures).as("uncaught exceptions in the log").isEmpty();
        // The generator must reach the interesting answers, not only 404s.
        assertThat(statuses.keySet()).as("statuses seen: " + statuses).contains(200, 400, 401, 403, 404, 405, 413);
    }

    private Map<String, String> headers(Random random, String path, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (random.nextInt(8)) {
            case 0:
                break;
            case 1:
            case 2:
                headers.put("Authorization", "Bearer " + harness.gateway.gatewayToken());
                break;
            case 3:
                headers.put("Authorization", "Bearer " + dashboardToken);
                break;
            case 4:
                headers.put("x-api-key", random.nextBoolean() ? harness.gateway.gatewayToken() : token(random));
                break;
            case 5:
                headers.put("Cookie", "session=" + token(random) + "; other=" + token(random));
                break;
            default:
                headers.put("Authorization", List.of("Bearer", "Bearer ", "Basic " + token(random), token(random),
                        "Bearer " + token(random), "bearer " + harness.gateway.gatewayToken()).get(random.nextInt(6)));
        }
        if (random.nextInt(4) != 0) {
            headers.put("Content-Type", List.of("application/json", "text/plain", "application/json; charset=latin1",
                    "multipart/form-data; boundary=x", "*/*").get(random.nextInt(5)));
        }
        if (path.contains("webhooks") || random.nextInt(10) == 0) {
            switch (random.nextInt(4)) {
                case 0:
                case 1:
                    headers.put(BlandSignature.HEADER, BlandSignature.sign(new Secret(StandaloneHarness.WEBHOOK_SECRET), body));
                    break;
                case 2:
                    headers.put(random.nextBoolean() ? BlandSignature.HEADER : BlandSignature.ALTERNATE_HEADER,
                            List.of("", "sha256=", "zz", "0".repeat(64), "sha256=" + "f".repeat(64), token(random)).get(random.nextInt(6)));
                    break;
                default:
                    break;
            }
        }
        if (random.nextInt(10) == 0) {
            headers.put("X-Forwarded-For", "10.0.0." + random.nextInt(255));
        }
        if (random.nextInt(10) == 0) {
            headers.put("Accept", List.of("text/html", "application/xml", "*/*").get(random.nextInt(3)));
        }
        return headers;
    }

    /**
     * A query string of random bytes, validly percent-encoded: a broken encoding is not HTTP, and
     * Undertow's parser refuses it before Ringback sees it (see UrlEncodingTest).
     */
    private static String query(Random random) {
        int roll = random.nextInt(6);
        if (roll == 0) {
            return "";
        }
        StringBuilder q = new StringBuilder("?");
        int parts = 1 + random.nextInt(3);
        for (int p = 0; p < parts; p++) {
            q.append(p > 0 ? "&" : "").append(random.nextInt(3) == 0 ? "call_id" : List.of("x", "id", "a[]", "call_id%00").get(random.nextInt(4)));
            if (random.nextInt(5) != 0) {
                q.append('=');
                int length = random.nextInt(random.nextInt(20) == 0 ? 3000 : 40);
                for (int i = 0; i < length; i++) {
                    int b = random.nextInt(256);
                    if (b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-') {
                        q.append((char) b);
                    } else {
                        q.append('%').append(String.format(Locale.ROOT, "%02X", b));
                    }
                }
            }
        }
        return q.toString();
    }

    /** A placement with the required fields and generated optional ones: it reaches the use case. */
    private static byte[] nearlyValidPlacement(GeneratedJson gen) {
        String extra = gen.object(List.of("first_sentence", "voice_id", "max_duration", "record", "voicemail_action",
                "voicemail_message", "session_key"), 1);
        String body = "{\"to\":\"(202) 555-0199\",\"task\":\"Ask about the order\"" + (extra.length() > 2 ? "," + extra.substring(1) : "}");
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] oversized(Random random) {
        String padding = "x".repeat((random.nextBoolean() ? 520 : 1030) * 1024);
        return ("{\"task\":\"" + padding + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static String token(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(40)];
        random.nextBytes(bytes);
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            int c = 0x21 + Math.floorMod(b, 0x7e - 0x21);
            out.append(c == ';' ? 'x' : (char) c);
        }
        return out.toString();
    }

    private Answer send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", harness.url("/").getPort()), 5_000);
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1\r\nConnection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException refusedMidBody) {
                // A 413 closes the connection before the body is read; the answer is still there to read.
            }
            return Answer.read(socket.getInputStream());
        }
    }

    private static JsonNode parse(byte[] body, String what) {
        try {
            JsonNode node = JSON.readTree(body);
            assertThat(node).as(what + " has a JSON body").isNotNull();
            return node;
        } catch (IOException e) {
            throw new AssertionError(what + ": not JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    record Answer(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        static Answer read(InputStream in) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) != -1; ) {
                    all.write(buffer, 0, n);
                }
            } catch (IOException reset) {
                // A server that closes after answering may reset a connection with unread request bytes.
                if (all.size() == 0) {
                    throw reset;
                }
            }
            byte[] bytes = all.toByteArray();
            int split = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (split < 0) {
                throw new AssertionError("no complete HTTP answer: " + new String(bytes, StandardCharsets.ISO_8859_1));
            }
            String[] lines = new String(bytes, 0, split, StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
            byte[] body = java.util.Arrays.copyOfRange(bytes, split + 4, bytes.length);
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = dechunk(body);
            }
            return new Answer(status, headers, body);
        }

        private static byte[] dechunk(byte[] chunked) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int at = 0;
            while (at < chunked.length) {
                int eol = indexOf(java.util.Arrays.copyOfRange(chunked, at, chunked.length), new byte[] {'\r', '\n'});
                int size = Integer.parseInt(new String(chunked, at, eol, StandardCharsets.ISO_8859_1).split(";")[0].strip(), 16);
                if (size == 0) {
                    break;
                }
                out.write(chunked, at + eol + 2, size);
                at += eol + 2 + size + 2;
            }
            return out.toByteArray();
        }

        private static int indexOf(byte[] haystack, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= haystack.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
