package dev.ringback.adapters.http;

import static dev.ringback.adapters.http.ApiHarness.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.domain.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Routing, the error handler and the strict body reader, seen from a client. */
class ApiBasicsTest {
    private static final String AUTH = "Authorization";
    private static final String VALID_CALL = "{\"to\":\"+14155550123\",\"task\":\"Ask about hours\"}";

    private final ApiHarness api = ApiHarness.start();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void healthAndReadiness() {
        assertThat(api.get("/healthz").json().toString()).isEqualTo("{\"status\":\"ok\"}");
        ApiHarness.Response ready = api.get("/readyz");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().toString()).isEqualTo("{\"status\":\"ready\"}");

        api.readiness.ready.set(false);

        ApiHarness.Response notReady = api.get("/readyz");
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.json().toString()).isEqualTo("{\"status\":\"not ready\"}");
    }

    @Test
    void answersAreJson() {
        ApiHarness.Response response = api.get("/healthz");

        assertThat(response.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void unknownPathIsNotFound() {
        ApiHarness.Response response = api.get("/api/nothing-here");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Not found\"}");
    }

    @Test
    void pathsMatchExactly() {
        assertThat(api.get("/healthz/").status()).isEqualTo(404);
        assertThat(api.get("/HEALTHZ").status()).isEqualTo(404);
    }

    @Test
    void knownPathWithAnotherMethodIsNotAllowed() {
        ApiHarness.Response response = api.get("/api/user/call");

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("POST");
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Method not allowed\"}");
        assertThat(api.post("/healthz", "{}").header("Allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void malformedJsonIsRefused() {
        ApiHarness.Response response = api.post("/api/user/call", "{\"to\": ", AUTH, bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Invalid JSON body\"}");
        assertThat(api.placeCall.commands).isEmpty();
    }

    @Test
    void emptyBodyAndTrailingGarbageAreInvalidJson() {
        assertThat(api.post("/api/user/call", "", AUTH, bearer(TestData.ALICE_GATEWAY_TOKEN)).json().get("error").asText())
                .isEqualTo("Invalid JSON body");
        assertThat(api.post("/api/user/call", VALID_CALL + " {}", AUTH, bearer(TestData.ALICE_GATEWAY_TOKEN)).json().get("error").asText())
                .isEqualTo("Invalid JSON body");
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        ApiHarness.Response response = api.post("/api/user/call", "[1,2]", AUTH, bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asText()).isEqualTo("Request body must be a JSON object");
    }

    @Test
    void unknownFieldsAreIgnoredAsThePlatformIgnoredThem() {
        api.placeCall.answer(new dev.ringback.application.port.in.PlaceCallUseCase.Result.Placed(TestData.queuedCall(), 42));
        ApiHarness.Response response = api.post("/api/user/call",
                "{\"to\":\"+14155550123\",\"task\":\"x\",\"voice\":\"maya\",\"language\":{\"code\":\"en\"}}",
                AUTH, bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(200);
        assertThat(api.placeCall.commands).hasSize(1);
    }

    @Test
    void theDashboardsSpellingOfTheSessionKeyIsTheAgentsOwnToo() {
        api.placeCall.answer(new dev.ringback.application.port.in.PlaceCallUseCase.Result.Placed(TestData.queuedCall(), 42));

        api.post("/api/user/call", "{\"to\":\"+14155550123\",\"task\":\"x\",\"sessionKey\":\"agent:main:research\"}",
                AUTH, bearer(TestData.ALICE_GATEWAY_TOKEN));
        api.post("/api/user/call", "{\"to\":\"+14155550123\",\"task\":\"x\",\"session\":\"research\"}",
                AUTH, bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(api.placeCall.commands).extracting(command -> command.sessionKey().orElse(null))
                .containsExactly("agent:main:research", "research");
    }

    /** What the platform's JavaScript could not tell apart, or read as the number it holds. */
    @Test
    void wholeNumbersAndFlagsAreReadAsThePlatformReadThem() {
        api.placeCall.answer(new dev.ringback.application.port.in.PlaceCallUseCase.Result.Placed(TestData.queuedCall(), 42));
        String[] bodies = {
            "{\"to\":\"+14155550123\",\"task\":\"x\",\"max_duration\":7.0,\"record\":\"false\"}",
            "{\"to\":\"+14155550123\",\"task\":\"x\",\"max_duration\":\"7\",\"record\":false}",
            "{\"to\":\"+14155550123\",\"task\":\"x\",\"max_duration\":\" 7 \",\"record\":\"FALSE\"}",
        };
        for (String body : bodies) {
            ApiHarness.Response response = api.post("/api/user/call", body, AUTH, bearer(TestData.ALICE_GATEWAY_TOKEN));

            assertThat(response.status()).as(body).isEqualTo(200);
        }
        assertThat(api.placeCall.commands).hasSize(3).allSatisfy(command -> {
            assertThat(command.maxDurationMinutes()).isEqualTo(7);
            assertThat(command.record()).isFalse();
        });
    }

    /**
     * The body is valid JSON syntax, so "Invalid JSON body" would send an agent looking for a
     * syntax error it does not have: the answer names the field given twice.
     */
    @Test
    void duplicateKeysAreRefusedNamingTheField() {
        ApiHarness.Response response = api.post("/api/user/call",
                "{\"to\":\"+14155550123\",\"task\":\"x\",\"task\":\"y\"}", AUTH, bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Duplicate field: task\"}");
        assertThat(api.placeCall.commands).isEmpty();
    }

    /** A name that is not a plain word (or is long) is not echoed: the answer must stay short and printable. */
    @Test
    void aDuplicateKeyThatIsNotAPlainNameIsRefusedWithoutEchoingIt() {
        String[] names = {"x".repeat(65), "t\\u0000k", "caf\u00e9", "a b"};
        for (String name : names) {
            ApiHarness.Response response = api.post("/api/user/call",
                    "{\"to\":\"+14155550123\",\"task\":\"x\",\"" + name + "\":1,\"" + name + "\":2}",
                    AUTH, bearer(TestData.ALICE_GATEWAY_TOKEN));

            assertThat(response.status()).as(name).isEqualTo(400);
            assertThat(response.json().toString()).as(name).isEqualTo("{\"error\":\"Duplicate field in JSON body\"}");
        }
        assertThat(api.placeCall.commands).isEmpty();
    }

    /**
     * A number sent as a string is not held to the parser's 1,000-digit cap on JSON numbers, and
     * reading one as a decimal costs time that grows with the square of its length: a 1 MiB
     * "7.000..." took some 14 s of a worker's CPU per request. It is held to the same cap.
     */
    @Test
    void aWholeNumberInAStringIsNoLongerThanAJsonNumberMayBe() {
        api.placeCall.answer(new dev.ringback.application.port.in.PlaceCallUseCase.Result.Placed(TestData.queuedCall(), 42));
        String longest = "7." + "0".repeat(998);
        String tooLong = longest + "0";

        ApiHarness.Response accepted = api.post("/api/user/call",
                "{\"to\":\"+14155550123\",\"task\":\"x\",\"max_duration\":\"" + longest + "\"}", AUTH,
                bearer(TestData.ALICE_GATEWAY_TOKEN));
        ApiHarness.Response refused = api.post("/api/user/call",
                "{\"to\":\"+14155550123\",\"task\":\"x\",\"max_duration\":\"" + tooLong + "\"}", AUTH,
                bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(accepted.status()).isEqualTo(200);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).isEqualTo("Invalid type for field: max_duration");
        assertThat(api.placeCall.commands).hasSize(1);
    }

    @Test
    void wrongTypesAreRefusedNamingTheField() {
        String[][] cases = {
            {"{\"to\":\"+14155550123\",\"task\":\"x\",\"max_duration\":5.5}", "max_duration"},
            {"{\"to\":\"+14155550123\",\"task\":\"x\",\"max_duration\":\"five\"}", "max_duration"},
            {"{\"to\":\"+14155550123\",\"task\":\"x\",\"max_duration\":\"5.5\"}", "max_duration"},
            {"{\"to\":\"+14155550123\",\"task\":\"x\",\"max_duration\":true}", "max_duration"},
            {"{\"to\":\"+14155550123\",\"task\":\"x\",\"max_duration\":99999999999}", "max_duration"},
            {"{\"to\":14155550123,\"task\":\"x\"}", "to"},
            {"{\"to\":\"+14155550123\",\"task\":{\"text\":\"x\"}}", "task"},
            {"{\"to\":\"+14155550123\",\"task\":\"x\",\"record\":\"yes\"}", "record"},
            {"{\"to\":\"+14155550123\",\"task\":\"x\",\"record\":1}", "record"},
            {"{\"to\":\"+14155550123\",\"task\":[\"x\"]}", "task"},
        };
        for (String[] bad : cases) {
            ApiHarness.Response response = api.post("/api/user/call", bad[0], AUTH, bearer(TestData.ALICE_GATEWAY_TOKEN));

            assertThat(response.status()).as(bad[0]).isEqualTo(400);
            assertThat(response.json().get("error").asText()).as(bad[0]).isEqualTo("Invalid type for field: " + bad[1]);
        }
        assertThat(api.placeCall.commands).isEmpty();
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeParsing() {
        String big = "{\"to\":\"+14155550123\",\"task\":\"" + "x".repeat(ApiHarness.MAX_BODY_BYTES) + "\"}";

        ApiHarness.Response response = api.post("/api/user/call", big, AUTH, bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Request body too large\"}");
        assertThat(api.placeCall.commands).isEmpty();
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedToo() {
        // Not even valid JSON: the limit is enforced while reading, before any parsing.
        byte[] big = ("{\"task\":\"" + "x".repeat(ApiHarness.MAX_BODY_BYTES)).getBytes();

        ApiHarness.Response response = api.post("/api/user/call",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)), AUTH, bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("error").asText()).isEqualTo("Request body too large");
    }

    @Test
    void aBodyJustUnderTheLimitIsRead() {
        String padding = "x".repeat(ApiHarness.MAX_BODY_BYTES - VALID_CALL.length());
        String body = "{\"to\":\"+14155550123\",\"task\":\"Ask about hours" + padding + "\"}";
        assertThat(body.length()).isEqualTo(ApiHarness.MAX_BODY_BYTES);
        api.placeCall.answer(new dev.ringback.application.port.in.PlaceCallUseCase.Result.NoPhoneNumber());

        ApiHarness.Response response = api.post("/api/user/call", body, AUTH, bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(400);
        assertThat(api.placeCall.commands).hasSize(1);
    }

    @Test
    void anUnexpectedFailureIsAGeneric500WithoutDetails() {
        api.placeCall.answer.set(command -> {
            throw new IllegalStateException("database file /var/lib/ringback/secret.db is locked");
        });

        ApiHarness.Response response = api.post("/api/user/call", VALID_CALL, AUTH, bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.body()).isEqualTo("{\"error\":\"Internal server error\"}");
    }

    @Test
    void invalidInputFromTheDomainIsA400WithItsMessage() {
        api.placeCall.answer.set(command -> {
            throw new InvalidInputException("Invalid US phone number. Use format: +12025551234 or (202) 555-1234");
        });

        ApiHarness.Response response = api.post("/api/user/call", VALID_CALL, AUTH, bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asText())
                .isEqualTo("Invalid US phone number. Use format: +12025551234 or (202) 555-1234");
    }

    @Test
    void theServerReportsTheBoundPort() {
        assertThat(api.server.port()).isPositive();
        assertThat(api.server.localUri().toString()).isEqualTo("http://127.0.0.1:" + api.server.port());
    }
}
