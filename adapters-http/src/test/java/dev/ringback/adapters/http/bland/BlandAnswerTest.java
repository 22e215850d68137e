package dev.ringback.adapters.http.bland;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ringback.application.port.out.TelephonyProvider.Placement;
import dev.ringback.domain.call.ProviderCallId;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BlandAnswerTest {
    private final ObjectMapper json = new ObjectMapper();

    private Placement read(int status, String body) {
        return BlandAnswer.read(json, status, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void successWithACallIdIsQueued() {
        assertThat(read(200, "{\"status\":\"success\",\"message\":\"Call successfully queued.\",\"call_id\":\"9d4c-11\",\"batch_id\":null}"))
                .isEqualTo(new Placement.Queued(new ProviderCallId("9d4c-11")));
    }

    @Test
    void successWithoutACallIdIsUncertain() {
        assertThat(read(200, "{\"status\":\"success\"}")).isInstanceOf(Placement.Uncertain.class);
        assertThat(read(200, "[]")).isInstanceOf(Placement.Uncertain.class);
        assertThat(read(200, "")).isInstanceOf(Placement.Uncertain.class);
        assertThat(read(200, "{\"call_id\":\"has spaces/and slashes\"}")).isInstanceOf(Placement.Uncertain.class);
    }

    @Test
    void anExplicitErrorEnvelopeIsARejectionWhateverTheStatusLine() {
        assertThat(read(200, "{\"status\":\"error\",\"message\":\"Invalid voice\",\"errors\":[]}"))
                .isEqualTo(new Placement.Rejected(200, "Bland rejected the call (HTTP 200 refused): Invalid voice"));
    }

    @Test
    void readsBothErrorEnvelopes() {
        assertThat(read(400, "{\"status\":\"error\",\"message\":\"Missing task\",\"errors\":[\"task\"]}"))
                .isEqualTo(new Placement.Rejected(400, "Bland rejected the call (HTTP 400 invalid request): Missing task: task"));
        assertThat(read(401, "{\"data\":null,\"errors\":[{\"error\":\"AUTH_FAILURE\",\"message\":\"Unauthorized\"}]}"))
                .isEqualTo(new Placement.Rejected(401, "Bland rejected the call (HTTP 401 unauthorized): AUTH_FAILURE: Unauthorized"));
        assertThat(read(403, "{\"errors\":[\"Account flagged\"]}"))
                .isEqualTo(new Placement.Rejected(403, "Bland rejected the call (HTTP 403 account not allowed): Account flagged"));
        assertThat(read(404, "not json"))
                .isEqualTo(new Placement.Rejected(404, "Bland rejected the call (HTTP 404 not found)"));
    }

    @Test
    void serverErrorsAndOddStatusesAreUncertain() {
        assertThat(read(500, "{\"status\":\"error\",\"message\":\"boom\"}")).isEqualTo(new Placement.Uncertain("Bland answered HTTP 500"));
        assertThat(read(503, "")).isEqualTo(new Placement.Uncertain("Bland answered HTTP 503"));
        assertThat(read(199, "")).isEqualTo(new Placement.Uncertain("Bland answered HTTP 199"));
    }

    /** A redirect is not followed and the calls API never sends one: nothing was dialled, so no minutes are held. */
    @Test
    void aRedirectIsARejection() {
        for (int status : new int[] {301, 302, 307, 308}) {
            assertThat(read(status, "<html>moved</html>")).isEqualTo(new Placement.Rejected(status,
                    "Bland's address answered with a redirect (HTTP " + status + "), so no call was placed: check BLAND_API_URL"));
        }
    }

    @Test
    void reasonsNeverQuoteANumberAndStayShort() {
        Placement placement = read(400, "{\"status\":\"error\",\"message\":\"Invalid phone_number +1 (202) 555-0123\\n"
                + "x".repeat(300) + "\"}");

        String reason = ((Placement.Rejected) placement).reason();
        assertThat(reason).doesNotContain("555", "0123", "\n").contains("Invalid phone_number #");
        assertThat(reason.length()).isLessThan(220);
    }

    @Test
    void onlyAConnectionNeverMadeProvesNothingWasSent() {
        assertThat(BlandTelephonyProvider.failure(new ConnectException("refused"))).isEqualTo(new Placement.Rejected(0, "provider unreachable"));
        assertThat(BlandTelephonyProvider.failure(new HttpConnectTimeoutException("connect timed out")))
                .isEqualTo(new Placement.Rejected(0, "provider unreachable"));
        assertThat(BlandTelephonyProvider.failure(new HttpTimeoutException("request timed out"))).isInstanceOf(Placement.Uncertain.class);
        assertThat(BlandTelephonyProvider.failure(new javax.net.ssl.SSLHandshakeException("PKIX path building failed")))
                .isInstanceOf(Placement.Rejected.class);
        // Any other TLS failure may come after the request was written.
        assertThat(BlandTelephonyProvider.failure(new javax.net.ssl.SSLException("Tag mismatch"))).isInstanceOf(Placement.Uncertain.class);
        assertThat(BlandTelephonyProvider.failure(new SocketException("Connection reset"))).isInstanceOf(Placement.Uncertain.class);
        assertThat(BlandTelephonyProvider.failure(new IllegalStateException())).isInstanceOf(Placement.Uncertain.class);
    }
}
