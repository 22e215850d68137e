package dev.ringback.adapters.http;

import static dev.ringback.adapters.http.ApiHarness.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringback.application.port.in.PlaceCallUseCase.Command;
import dev.ringback.application.port.in.PlaceCallUseCase.Result;
import dev.ringback.domain.session.SessionSource;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PlaceCallEndpointTest {
    private static final String PATH = "/api/user/call";
    private static final String MINIMAL = "{\"to\":\"(415) 555-0123\",\"task\":\"Ask whether the shop opens on Sunday\"}";

    private ApiHarness api = ApiHarness.start();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void withoutCredentialsTheAgentIsAskedForThem() {
        ApiHarness.Response response = api.post(PATH, MINIMAL);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Missing authorization\"}");
        assertThat(api.placeCall.commands).isEmpty();
    }

    @Test
    void anAuthorizationHeaderThatIsNotBearerCountsAsMissing() {
        ApiHarness.Response response = api.post(PATH, MINIMAL, "Authorization", "Basic dXNlcjpwYXNz");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().get("error").asText()).isEqualTo("Missing authorization");
    }

    @Test
    void anUnknownTokenIsInvalid() {
        ApiHarness.Response bearer = api.post(PATH, MINIMAL, "Authorization", bearer("not-a-gateway-token"));
        ApiHarness.Response apiKey = api.post(PATH, MINIMAL, "x-api-key", "not-a-gateway-token");

        assertThat(bearer.status()).isEqualTo(401);
        assertThat(bearer.json().toString()).isEqualTo("{\"error\":\"Invalid token\"}");
        assertThat(apiKey.status()).isEqualTo(401);
        assertThat(apiKey.json().toString()).isEqualTo("{\"error\":\"Invalid token\"}");
        assertThat(api.placeCall.commands).isEmpty();
    }

    @Test
    void authenticationComesBeforeTheBodyIsRead() {
        ApiHarness.Response response = api.post(PATH, "{not json", "Authorization", bearer("not-a-gateway-token"));

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void placesACallWithThePlatformsDefaults() {
        api.placeCall.answer(new Result.Placed(TestData.queuedCall(), 42));

        ApiHarness.Response response = api.post(PATH, MINIMAL, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(200);
        assertThat(api.placeCall.commands).containsExactly(new Command(TestData.aliceMachine().id(), "(415) 555-0123",
                "Ask whether the shop opens on Sunday", Optional.empty(), Optional.empty(), 5, true, "hangup",
                Optional.empty(), Optional.empty()));
        JsonNode body = response.json();
        assertThat(body.toString()).isEqualTo("{\"success\":true,\"call_id\":\"call-0001\",\"from\":\"+12025550100\","
                + "\"to\":\"+14155550123\",\"status\":\"initiated\",\"remaining_minutes\":42,"
                + "\"session_key\":\"agent:main:research\",\"session_source\":\"agent\"}");
    }

    @Test
    void theApiKeyHeaderAuthenticatesToo() {
        api.placeCall.answer(new Result.Placed(TestData.queuedCall(), 42));

        ApiHarness.Response response = api.post(PATH, MINIMAL, "x-api-key", TestData.ALICE_GATEWAY_TOKEN);

        assertThat(response.status()).isEqualTo(200);
        assertThat(api.placeCall.commands).hasSize(1);
    }

    @Test
    void passesEveryFieldTheAgentSends() {
        api.placeCall.answer(new Result.Placed(TestData.queuedCall(), 42));
        String body = "{\"to\":\"+14155550123\",\"task\":\"Book a table\",\"first_sentence\":\"Hi there\","
                + "\"voice_id\":\"maya\",\"max_duration\":12,\"record\":false,\"voicemail_action\":\"leave_message\","
                + "\"voicemail_message\":\"Please call back\",\"session_key\":\"agent:main:research\"}";

        api.post(PATH, body, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(api.placeCall.commands).containsExactly(new Command(TestData.aliceMachine().id(), "+14155550123",
                "Book a table", Optional.of("Hi there"), Optional.of("maya"), 12, false, "leave_message",
                Optional.of("Please call back"), Optional.of("agent:main:research")));
    }

    @Test
    void explicitNullsMeanTheDefaults() {
        api.placeCall.answer(new Result.Placed(TestData.queuedCall(), 42));
        String body = "{\"to\":\"+14155550123\",\"task\":\"x\",\"first_sentence\":null,\"max_duration\":null,"
                + "\"record\":null,\"voicemail_action\":null,\"session_key\":null}";

        api.post(PATH, body, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

        Command command = api.placeCall.commands.get(0);
        assertThat(command.maxDurationMinutes()).isEqualTo(5);
        assertThat(command.record()).isTrue();
        assertThat(command.voicemailAction()).isEqualTo("hangup");
        assertThat(command.sessionKey()).isEmpty();
    }

    /**
     * The three spellings of the session key are one field: two of them naming different
     * conversations is as ambiguous as a duplicate key, and must not be settled by their order
     * (nor a null in one spelling erase a key given in another).
     */
    @Test
    void spellingsOfTheSessionKeyThatDisagreeAreRefused() {
        String[] bodies = {
            "{\"to\":\"+14155550123\",\"task\":\"x\",\"session_key\":\"alpha\",\"sessionKey\":\"beta\"}",
            "{\"to\":\"+14155550123\",\"task\":\"x\",\"sessionKey\":\"beta\",\"session_key\":\"alpha\"}",
            "{\"to\":\"+14155550123\",\"task\":\"x\",\"session\":\"alpha\",\"session_key\":\"agent:main:beta\"}",
        };
        for (String body : bodies) {
            ApiHarness.Response response = api.post(PATH, body, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.json().toString()).as(body)
                    .isEqualTo("{\"error\":\"session_key, sessionKey and session disagree; send one of them\"}");
        }
        assertThat(api.placeCall.commands).isEmpty();
    }

    @Test
    void aSessionKeyInOneSpellingIsNotErasedByANullOrTheSameKeyInAnother() {
        api.placeCall.answer(new Result.Placed(TestData.queuedCall(), 42));
        String[] bodies = {
            "{\"to\":\"+14155550123\",\"task\":\"x\",\"session\":\"gamma\",\"session_key\":null}",
            "{\"to\":\"+14155550123\",\"task\":\"x\",\"sessionKey\":\"gamma\",\"session\":\"\"}",
            "{\"to\":\"+14155550123\",\"task\":\"x\",\"session_key\":\"gamma\",\"sessionKey\":\"gamma\"}",
        };
        for (String body : bodies) {
            assertThat(api.post(PATH, body, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN)).status()).as(body).isEqualTo(200);
        }

        assertThat(api.placeCall.commands).extracting(command -> command.sessionKey().orElse(null))
                .containsExactly("gamma", "gamma", "gamma");
    }

    /**
     * A JavaScript agent that cuts a text between the two halves of an emoji sends a lone
     * surrogate ("\\ud83d"). The platform's runtime encoded it as U+FFFD; read as is, it went to
     * Bland as one thing and into the database (whose UTF-8 has no such character) as '?'.
     */
    @Test
    void loneSurrogatesInTextsBecomeTheReplacementCharacterAsOnThePlatform() {
        api.placeCall.answer(new Result.Placed(TestData.queuedCall(), 42));
        String body = "{\"to\":\"+14155550123\",\"task\":\"Say hi \\ud83d\",\"first_sentence\":\"\\ude00 Hello\","
                + "\"voice_id\":\"maya\\ud800\",\"voicemail_message\":\"Call back \\ud83d\\ude00 \\udc00\"}";

        ApiHarness.Response response = api.post(PATH, body, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(200);
        Command command = api.placeCall.commands.get(0);
        assertThat(command.task()).isEqualTo("Say hi \ufffd");
        assertThat(command.firstSentence()).contains("\ufffd Hello");
        assertThat(command.voiceId()).contains("maya\ufffd");
        assertThat(command.voicemailMessage()).contains("Call back \ud83d\ude00 \ufffd");
    }

    @Test
    void missingRequiredFieldsUseThePlatformsMessage() {
        ApiHarness.Response response = api.post(PATH, "{\"to\":\"+14155550123\"}", "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Missing required fields: to, task\"}");
        assertThat(api.placeCall.commands).isEmpty();
    }

    @Test
    void theCommandsOwnValidationIsA400() {
        ApiHarness.Response duration = api.post(PATH, "{\"to\":\"+14155550123\",\"task\":\"x\",\"max_duration\":0}",
                "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));
        ApiHarness.Response voicemail = api.post(PATH, "{\"to\":\"+14155550123\",\"task\":\"x\",\"voicemail_action\":\"sing\"}",
                "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(duration.status()).isEqualTo(400);
        assertThat(duration.json().get("error").asText()).isEqualTo("max_duration must be between 1 and 720 minutes");
        assertThat(voicemail.status()).isEqualTo(400);
        assertThat(voicemail.json().get("error").asText()).isEqualTo("voicemail_action must be one of: hangup, leave_message, ignore");
    }

    /** Over its limit, an optional text is refused before anything is placed: nothing is stored or sent to Bland. */
    @Test
    void anOptionalTextOverItsLimitIsA400NamingTheFieldAndNothingIsPlaced() {
        api.placeCall.answer(new Result.Placed(TestData.queuedCall(), 42));
        String[][] cases = {
            {"first_sentence", "f".repeat(2_001), "first_sentence must be at most 2000 characters"},
            {"voice_id", "v".repeat(201), "voice_id must be at most 200 characters"},
            {"voicemail_message", "m".repeat(2_001), "voicemail_message must be at most 2000 characters"},
        };
        for (String[] overLimit : cases) {
            String body = "{\"to\":\"+14155550123\",\"task\":\"x\",\"voicemail_action\":\"leave_message\",\""
                    + overLimit[0] + "\":\"" + overLimit[1] + "\"}";

            ApiHarness.Response response = api.post(PATH, body, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

            assertThat(response.status()).as(overLimit[0]).isEqualTo(400);
            assertThat(response.json().toString()).as(overLimit[0]).isEqualTo("{\"error\":\"" + overLimit[2] + "\"}");
        }
        assertThat(api.placeCall.commands).isEmpty();
    }

    @Test
    void anUncertainPlacementLooksPlacedSoTheAgentDoesNotDialAgain() {
        api.placeCall.answer(new Result.ProviderUncertain(TestData.initiatedCall(SessionSource.DASHBOARD), 17));

        ApiHarness.Response response = api.post(PATH, MINIMAL, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().toString()).isEqualTo("{\"success\":true,\"call_id\":\"call-0001\",\"from\":\"+12025550100\","
                + "\"to\":\"+14155550123\",\"status\":\"initiated\",\"remaining_minutes\":17,"
                + "\"session_key\":\"agent:main:research\",\"session_source\":\"dashboard\"}");
    }

    @Test
    void noPhoneNumber() {
        api.placeCall.answer(new Result.NoPhoneNumber());

        ApiHarness.Response response = api.post(PATH, MINIMAL, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"No phone number provisioned. Please contact support.\"}");
    }

    @Test
    void planWithoutMinutesPointsAtTheDefaultUpgradePage() {
        api.placeCall.answer(new Result.PlanWithoutMinutes());

        ApiHarness.Response response = api.post(PATH, MINIMAL, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().toString())
                .isEqualTo("{\"error\":\"Voice calling not available on your plan\",\"upgrade_url\":\"/pricing\"}");
    }

    @Test
    void planWithoutMinutesPointsAtAConfiguredUpgradePage() {
        api.close();
        api = ApiHarness.withUpgradeUrl("https://ringback.example/upgrade");
        api.placeCall.answer(new Result.PlanWithoutMinutes());

        ApiHarness.Response response = api.post(PATH, MINIMAL, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("upgrade_url").asText()).isEqualTo("https://ringback.example/upgrade");
    }

    @Test
    void monthlyLimitReached() {
        api.placeCall.answer(new Result.MonthlyLimitReached(61, 60));

        ApiHarness.Response response = api.post(PATH, MINIMAL, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.json().toString())
                .isEqualTo("{\"error\":\"Monthly call limit reached\",\"used_minutes\":61,\"limit_minutes\":60}");
    }

    @Test
    void tooManyCallsInFlight() {
        api.placeCall.answer(new Result.TooManyCallsInFlight(3, 3));

        ApiHarness.Response response = api.post(PATH, MINIMAL, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Too many calls in progress. Wait for one to finish.\","
                + "\"active_calls\":3,\"max_concurrent_calls\":3}");
    }

    @Test
    void providerRejected() {
        api.placeCall.answer(new Result.ProviderRejected(TestData.initiatedCall(SessionSource.AGENT), "402 no balance"));

        ApiHarness.Response response = api.post(PATH, MINIMAL, "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(502);
        assertThat(response.json().toString()).isEqualTo("{\"error\":\"Failed to initiate call\"}");
    }
}
