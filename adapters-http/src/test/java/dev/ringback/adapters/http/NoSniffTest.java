package dev.ringback.adapters.http;

import static dev.ringback.adapters.http.ApiHarness.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.application.port.in.PlaceCallUseCase.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every answer tells the browser not to sniff its type, whichever layer wrote it: an error body
 * can echo a client's text, and must never be taken for HTML.
 */
class NoSniffTest {
    private static final String OPTIONS = "X-Content-Type-Options";
    private static final String CALL = "/api/user/call";

    private final ApiHarness api = ApiHarness.start();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aSuccessCarriesIt() {
        api.placeCall.answer(new Result.Placed(TestData.queuedCall(), 42));

        ApiHarness.Response health = api.get("/healthz");
        ApiHarness.Response placed = api.post(CALL, "{\"to\":\"+14155550123\",\"task\":\"x\"}",
                "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.header(OPTIONS)).isEqualTo("nosniff");
        assertThat(placed.status()).isEqualTo(200);
        assertThat(placed.header(OPTIONS)).isEqualTo("nosniff");
    }

    /** The body quotes the client's own field name back: the case the header is for. */
    @Test
    void aBadRequestCarriesIt() {
        ApiHarness.Response response = api.post(CALL, "{\"to\":\"+14155550123\",\"task\":\"x\",\"task\":\"<b>y</b>\"}",
                "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header(OPTIONS)).isEqualTo("nosniff");
    }

    @Test
    void anUnauthenticatedRequestsRefusalCarriesIt() {
        ApiHarness.Response response = api.post(CALL, "{\"to\":\"+14155550123\",\"task\":\"x\"}");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header(OPTIONS)).isEqualTo("nosniff");
    }

    @Test
    void theRoutersOwnAnswersCarryIt() {
        ApiHarness.Response unknown = api.get("/api/nothing-here");
        ApiHarness.Response wrongMethod = api.get(CALL);

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header(OPTIONS)).isEqualTo("nosniff");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header(OPTIONS)).isEqualTo("nosniff");
    }
}
