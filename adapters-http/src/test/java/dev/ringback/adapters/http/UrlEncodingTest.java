package dev.ringback.adapters.http;

import static dev.ringback.adapters.http.ApiHarness.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Percent-encoding in URLs. */
class UrlEncodingTest {
    private final ApiHarness api = ApiHarness.start();

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void anEncodedCallIdIsDecoded() {
        api.get("/api/user/call/status?call_id=call%2D0001%20", "Authorization", bearer(TestData.ALICE_GATEWAY_TOKEN));

        assertThat(api.callStatus.asked).containsExactly("user-alice/call-0001");
    }

    /**
     * A known limit, kept visible: a request target with broken percent-encoding is not valid
     * HTTP, and Undertow's parser refuses it itself (bare 400, connection closed) before any
     * handler runs, whatever DECODE_URL says. Nothing is processed and nothing is logged.
     */
    @Test
    void aBrokenEncodingIsRefusedByTheHttpParserBeforeAnyHandler() throws IOException {
        String answer = raw("GET /api/user/call/status?call_id=%zz HTTP/1.1");

        assertThat(answer).startsWith("HTTP/1.1 400");
        assertThat(api.callStatus.asked).isEmpty();
    }

    /** Java's HttpClient refuses to send a broken URL, so these go over a socket. */
    private String raw(String requestLine) throws IOException {
        String line = requestLine.endsWith("HTTP/1.1") ? requestLine : requestLine + " HTTP/1.1";
        try (Socket socket = new Socket(api.server.localUri().getHost(), api.server.port())) {
            socket.getOutputStream().write((line + "\r\nHost: x\r\nAuthorization: " + bearer(TestData.ALICE_GATEWAY_TOKEN)
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8).replaceAll("(?i)content-type", "Content-Type");
        }
    }
}
