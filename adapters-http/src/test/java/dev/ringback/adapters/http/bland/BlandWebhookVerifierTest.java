package dev.ringback.adapters.http.bland;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.adapters.http.bland.BlandWebhookVerifier.Verdict;
import dev.ringback.domain.account.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class BlandWebhookVerifierTest {
    private static final String SECRET = "whsec_3b1f9c";
    /** Pretty-printed, as a body might travel; Bland's sample signs the compact form of it. */
    private static final String BODY = "{\n  \"call_id\": \"c-1\",\n  \"status\": \"completed\",\n  \"call_length\": 0.1833,\n"
            + "  \"metadata\": { \"ringback_call_id\": \"call-1\" }\n}";
    private static final String COMPACT = "{\"call_id\":\"c-1\",\"status\":\"completed\",\"call_length\":0.1833,"
            + "\"metadata\":{\"ringback_call_id\":\"call-1\"}}";

    private final BlandWebhookVerifier verifier = new BlandWebhookVerifier(Optional.of(new Secret(SECRET)), false);

    /** Computed here, independently of {@link BlandSignature}. */
    private static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Function<String, Optional<String>> headers(String... namesAndValues) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return name -> Optional.ofNullable(map.get(name));
    }

    private Verdict verify(Function<String, Optional<String>> headers, String body) {
        return verifier.verify(headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptsASignatureOverTheRawBody() {
        assertThat(verify(headers("X-Webhook-Signature", hmac(SECRET, BODY)), BODY)).isEqualTo(Verdict.VALID);
    }

    @Test
    void acceptsASignatureOverTheCompactReserialisation() {
        assertThat(verify(headers("X-Webhook-Signature", hmac(SECRET, COMPACT)), BODY)).isEqualTo(Verdict.VALID);
    }

    @Test
    void refusesAWrongSignature() {
        assertThat(verify(headers("X-Webhook-Signature", hmac("another-secret", BODY)), BODY)).isEqualTo(Verdict.INVALID_SIGNATURE);
        assertThat(verify(headers("X-Webhook-Signature", "0".repeat(64)), BODY)).isEqualTo(Verdict.INVALID_SIGNATURE);
    }

    @Test
    void refusesATamperedBody() {
        String tampered = BODY.replace("completed", "failed");

        assertThat(verify(headers("X-Webhook-Signature", hmac(SECRET, BODY)), tampered)).isEqualTo(Verdict.INVALID_SIGNATURE);
    }

    @Test
    void refusesWhatIsNotAHexDigest() {
        assertThat(verify(headers("X-Webhook-Signature", "not-hex"), BODY)).isEqualTo(Verdict.INVALID_SIGNATURE);
        assertThat(verify(headers("X-Webhook-Signature", hmac(SECRET, BODY).substring(2)), BODY)).isEqualTo(Verdict.INVALID_SIGNATURE);
        assertThat(verify(headers("X-Webhook-Signature", hmac(SECRET, BODY) + "00"), BODY)).isEqualTo(Verdict.INVALID_SIGNATURE);
        assertThat(verify(headers("X-Webhook-Signature", "zz" + hmac(SECRET, BODY).substring(2)), BODY))
                .isEqualTo(Verdict.INVALID_SIGNATURE);
    }

    @Test
    void aMissingOrBlankSignatureIsMissing() {
        assertThat(verify(headers(), BODY)).isEqualTo(Verdict.MISSING_SIGNATURE);
        assertThat(verify(headers("X-Webhook-Signature", "   "), BODY)).isEqualTo(Verdict.MISSING_SIGNATURE);
    }

    /** A proxy or client library that sends the main header empty must not hide a signature in the other. */
    @Test
    void aBlankMainHeaderFallsBackToTheAlternateOne() {
        assertThat(verify(headers("X-Webhook-Signature", "", "X-Bland-Signature", hmac(SECRET, BODY)), BODY))
                .isEqualTo(Verdict.VALID);
    }

    @Test
    void acceptsUpperCaseHex() {
        String upper = hmac(SECRET, BODY).toUpperCase(Locale.ROOT);

        assertThat(verify(headers("X-Webhook-Signature", upper), BODY)).isEqualTo(Verdict.VALID);
    }

    @Test
    void acceptsAPrefixedSignature() {
        assertThat(verify(headers("X-Webhook-Signature", "sha256=" + hmac(SECRET, BODY)), BODY)).isEqualTo(Verdict.VALID);
        assertThat(verify(headers("X-Webhook-Signature", "SHA256=" + hmac(SECRET, COMPACT)), BODY)).isEqualTo(Verdict.VALID);
        assertThat(verify(headers("X-Webhook-Signature", " " + hmac(SECRET, BODY) + " "), BODY)).isEqualTo(Verdict.VALID);
    }

    @Test
    void acceptsTheAlternateHeader() {
        assertThat(verify(headers("X-Bland-Signature", hmac(SECRET, BODY)), BODY)).isEqualTo(Verdict.VALID);
        assertThat(verify(headers("X-Bland-Signature", hmac("another-secret", BODY)), BODY)).isEqualTo(Verdict.INVALID_SIGNATURE);
    }

    @Test
    void aBodyThatIsNotJsonIsCheckedOverItsRawBytesOnly() {
        String text = "not json at all";

        assertThat(verify(headers("X-Webhook-Signature", hmac(SECRET, text)), text)).isEqualTo(Verdict.VALID);
        assertThat(verify(headers("X-Webhook-Signature", hmac(SECRET, "")), text)).isEqualTo(Verdict.INVALID_SIGNATURE);
    }

    @Test
    void withoutASecretUnsignedWebhooksPassOnlyWhenAllowed() {
        BlandWebhookVerifier allowing = new BlandWebhookVerifier(Optional.empty(), true);
        BlandWebhookVerifier refusing = new BlandWebhookVerifier(Optional.empty(), false);
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);

        assertThat(allowing.verify(headers(), body)).isEqualTo(Verdict.ACCEPTED_UNSIGNED);
        assertThat(allowing.verify(headers("X-Webhook-Signature", "garbage"), body)).isEqualTo(Verdict.ACCEPTED_UNSIGNED);
        assertThat(refusing.verify(headers(), body)).isEqualTo(Verdict.NOT_CONFIGURED);
        assertThat(refusing.verify(headers("X-Webhook-Signature", hmac(SECRET, BODY)), body)).isEqualTo(Verdict.NOT_CONFIGURED);
    }

    @Test
    void allowingUnsignedWebhooksNeverWeakensAConfiguredSecret() {
        BlandWebhookVerifier verifier = new BlandWebhookVerifier(Optional.of(new Secret(SECRET)), true);
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);

        assertThat(verifier.verify(headers(), body)).isEqualTo(Verdict.MISSING_SIGNATURE);
        assertThat(verifier.verify(headers("X-Webhook-Signature", hmac("x", BODY)), body)).isEqualTo(Verdict.INVALID_SIGNATURE);
    }

    @Test
    void readsItsTrustFromTheSettings() {
        BlandSettings settings = new BlandSettings(TelephonyMode.SIMULATED, BlandSettings.DEFAULT_API_BASE_URL, Optional.empty(),
                Optional.of(new Secret(SECRET)), false, BlandSettings.DEFAULT_VOICE_ID, Duration.ofSeconds(1), Duration.ZERO);
        BlandWebhookVerifier fromSettings = new BlandWebhookVerifier(settings);

        assertThat(fromSettings.verify(headers("X-Webhook-Signature", hmac(SECRET, BODY)), BODY.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Verdict.VALID);
        assertThat(fromSettings.verify(headers(), BODY.getBytes(StandardCharsets.UTF_8))).isEqualTo(Verdict.MISSING_SIGNATURE);
    }

    @Test
    void onlyValidAndAcceptedUnsignedAreAccepted() {
        assertThat(Verdict.VALID.accepted()).isTrue();
        assertThat(Verdict.ACCEPTED_UNSIGNED.accepted()).isTrue();
        assertThat(Verdict.MISSING_SIGNATURE.accepted()).isFalse();
        assertThat(Verdict.INVALID_SIGNATURE.accepted()).isFalse();
        assertThat(Verdict.NOT_CONFIGURED.accepted()).isFalse();
    }

    @Test
    void theSignatureIsLowercaseHexHmacSha256() {
        // RFC-style known answer: HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog").
        assertThat(BlandSignature.sign(new Secret("key"),
                "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    /**
     * The verifier keeps a keyed Mac per thread: a body checked leaves nothing behind for the
     * next, whatever it was (valid, forged, not JSON), and threads do not share one.
     */
    @Test
    void manyBodiesInARowAndOnManyThreadsAreEachCheckedAlone() throws Exception {
        List<String> bodies = List.of(BODY, "not json", "", COMPACT, "x".repeat(70_000));
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int round = 0; round < 50; round++) {
                for (String body : bodies) {
                    checks.add(threads.submit(() -> verify(headers(BlandSignature.HEADER, hmac(SECRET, body)), body) == Verdict.VALID
                            && verify(headers(BlandSignature.HEADER, hmac("another", body)), body) == Verdict.INVALID_SIGNATURE));
                }
            }
            for (Future<Boolean> check : checks) {
                assertThat(check.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
