package dev.ringback.adapters.openclaw;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The words a failed connection is reported in; the loopback cases are in GatewayProbeTest. */
class GatewayConnectionTest {

    @Test
    void the_jdk_failures_are_named_in_words_however_they_are_wrapped() {
        assertThat(GatewayConnection.reason(new ConnectException())).isEqualTo("connection refused");
        assertThat(GatewayConnection.reason(wrapped(new UnresolvedAddressException()))).isEqualTo("unknown host");
        assertThat(GatewayConnection.reason(new UnknownHostException("ada-app.fly.dev"))).isEqualTo("unknown host");
        assertThat(GatewayConnection.reason(connectTimeout())).isEqualTo("connection timed out");
        assertThat(GatewayConnection.reason(new HttpTimeoutException("request timed out"))).isEqualTo("timed out");
        assertThat(GatewayConnection.reason(new IOException(new SSLHandshakeException(
                "PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException"))))
                .isEqualTo("TLS handshake failed");
    }

    @Test
    void anything_else_is_its_own_message_and_never_a_class_name() {
        assertThat(GatewayConnection.reason(new CompletionException(new IOException("Connection reset"))))
                .isEqualTo("Connection reset");
        assertThat(GatewayConnection.reason(new IOException(new IllegalStateException())))
                .isEqualTo("connection failed");
        assertThat(GatewayConnection.reason(new IOException("HTTP/1.1 header parser received no bytes\n\tmore")))
                .isEqualTo("HTTP/1.1 header parser received no bytes");
    }

    @Test
    void the_url_shown_keeps_scheme_host_port_and_path_but_no_credentials() {
        assertThat(GatewayConnection.shown(URI.create("wss://ada-app.fly.dev/ws"))).isEqualTo("wss://ada-app.fly.dev/ws");
        assertThat(GatewayConnection.shown(URI.create("ws://someone:pw-123@127.0.0.1:18789/gw?token=tok-123#x")))
                .isEqualTo("ws://127.0.0.1:18789/gw");
        assertThat(GatewayConnection.shown(URI.create("ws://[::1]:18789/"))).isEqualTo("ws://[::1]:18789/");
    }

    /** How the JDK reports an unknown host: a ConnectException caused by the unresolved address. */
    private static ConnectException wrapped(Throwable cause) {
        ConnectException e = new ConnectException();
        e.initCause(cause);
        return e;
    }

    /** How the JDK reports a connect timeout: the timeout caused by a ConnectException. */
    private static HttpConnectTimeoutException connectTimeout() {
        HttpConnectTimeoutException e = new HttpConnectTimeoutException("HTTP connect timed out");
        e.initCause(new ConnectException("HTTP connect timed out"));
        return e;
    }
}
