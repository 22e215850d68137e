package dev.ringback.adapters.http.bland;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.domain.account.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsCompactJsonTest {
    /** {@code JSON.stringify(body, null, 2)} in Node 22 of an object with the awkward cases. */
    private static final String PRETTY = "{\n  \"call_id\": \"9c1a2b3c-0000-4000-8000-000000000001\",\n  \"price\": 0.0001,\n"
            + "  \"big\": 1e+21,\n  \"mid\": 12345678.5,\n  \"neg\": -0.5,\n  \"int\": 42,\n"
            + "  \"transcript\": \"user: caf\u00e9 \ud83d\ude00 tab\\there \\\"q\\\" back\\\\slash \u2028 ctl\\u0001 lone\\ud800 end\",\n"
            + "  \"nested\": {\n    \"list\": [\n      1,\n      2.5,\n      true,\n      false,\n      null,\n      \"x\"\n    ],\n"
            + "    \"empty\": {},\n    \"none\": []\n  }\n}";
    /** {@code JSON.stringify(JSON.parse(PRETTY))} in the same Node, byte for byte. */
    private static final String NODE_COMPACT = "{\"call_id\":\"9c1a2b3c-0000-4000-8000-000000000001\",\"price\":0.0001,"
            + "\"big\":1e+21,\"mid\":12345678.5,\"neg\":-0.5,\"int\":42,"
            + "\"transcript\":\"user: caf\u00e9 \ud83d\ude00 tab\\there \\\"q\\\" back\\\\slash \u2028 ctl\\u0001 lone\\ud800 end\","
            + "\"nested\":{\"list\":[1,2.5,true,false,null,\"x\"],\"empty\":{},\"none\":[]}}";

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void isWhatJavaScriptWritesForTheSameBody() {
        assertThat(JsCompactJson.of(utf8(PRETTY))).hasValueSatisfying(bytes ->
                assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(NODE_COMPACT));
    }

    @Test
    void aCompactBodyIsItsOwnCompactForm() {
        assertThat(JsCompactJson.of(utf8(NODE_COMPACT))).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(utf8(NODE_COMPACT)));
    }

    @Test
    void aGenuineWebhookSignedInCompactFormAndSentPrettyIsValid() {
        Secret secret = new Secret("whsec_test");
        String signature = BlandSignature.sign(secret, utf8(NODE_COMPACT));
        BlandWebhookVerifier verifier = new BlandWebhookVerifier(Optional.of(secret), false);
        Map<String, String> headers = Map.of(BlandSignature.HEADER, signature);

        assertThat(verifier.verify(name -> Optional.ofNullable(headers.get(name)), utf8(PRETTY)))
                .isEqualTo(BlandWebhookVerifier.Verdict.VALID);
        assertThat(verifier.verify(name -> Optional.ofNullable(headers.get(name)), utf8(PRETTY.replace("0.0001", "0.0002"))))
                .isEqualTo(BlandWebhookVerifier.Verdict.INVALID_SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"a\":1} {\"b\":2}", "[1,]", "{\"a\" 1}", "nul"})
    void whatJsonParseRefusesHasNoCompactForm(String body) {
        assertThat(JsCompactJson.of(utf8(body))).isEmpty();
    }

    @Test
    void aScalarBodyIsOneValueToo() {
        assertThat(JsCompactJson.of(utf8(" \"x\" "))).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(utf8("\"x\"")));
    }
}
