package dev.ringback.adapters.http.bland;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.ringback.application.port.out.TelephonyProvider.Placement;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS handshake that fails (a certificate the JVM does not trust: a trust store without the
 * CA, an intercepting proxy, a clock far off) fails before a byte of the request is written, so
 * Bland cannot have queued the call. Taken for a lost answer, the agent was told "initiated" for
 * a call that never rang, which then held a line and its minutes until reconciliation ended it
 * as "outcome unknown" and charged an attempt.
 */
class BlandTlsFailureTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    @Test
    void aFailedTlsHandshakeProvesNothingWasSent() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpsServer untrusted = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        untrusted.setHttpsConfigurator(new HttpsConfigurator(selfSigned()));
        untrusted.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"status\":\"success\",\"call_id\":\"7f9c2a1e-0000-4000-8000-000000000001\"}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        untrusted.start();
        try {
            URI base = URI.create("https://127.0.0.1:" + untrusted.getAddress().getPort());
            BlandTelephonyProvider provider = new BlandTelephonyProvider(
                    TestCalls.bland(base, "bland-key", Duration.ofSeconds(5)),
                    () -> URI.create("https://ringback.example/api/webhooks/bland/status"));

            Placement placement = provider.place(TestCalls.outbound("call-1"));

            assertThat(placement).isInstanceOfSatisfying(Placement.Rejected.class,
                    rejected -> assertThat(rejected.reason()).contains("TLS"));
            assertThat(requests).hasValue(0);
        } finally {
            untrusted.stop(0);
        }
    }

    /** A key pair and self-signed certificate made by the JDK's own keytool: no test key material in the repository. */
    private SSLContext selfSigned() throws Exception {
        Path keystore = dir.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
                "-dname", "CN=127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertThat(process.waitFor()).as(Files.exists(dir.resolve("keytool.log"))
                ? Files.readString(dir.resolve("keytool.log")) : "keytool").isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
