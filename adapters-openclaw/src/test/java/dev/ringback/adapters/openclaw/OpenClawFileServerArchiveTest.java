package dev.ringback.adapters.openclaw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ringback.adapters.openclaw.testing.CannedResponse;
import dev.ringback.adapters.openclaw.testing.FakeOpenClawGateway;
import dev.ringback.adapters.openclaw.testing.RecordedRequest;
import dev.ringback.application.port.out.TranscriptArchive;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.NotifierRoute;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.notify.TranscriptFile;
import dev.ringback.domain.notify.TranscriptFilePolicy;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenClawFileServerArchiveTest {
    private final FakeOpenClawGateway gateway = FakeOpenClawGateway.start();
    private final TranscriptArchive archive = OpenClawClients.fileServerArchive(Fixtures.settings());
    private final Machine machine = Fixtures.machineFor(gateway);
    private final TranscriptFile file = TranscriptFilePolicy.fileFor(Fixtures.endedCall("c-7", "test-calls"));

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void the_transcript_is_written_into_the_agents_workspace() {
        AttemptResult result = archive.store(machine, file);

        String path = "/home/node/.openclaw/workspace/" + file.relativePath();
        assertThat(file.relativePath()).isEqualTo("calls/2026-11-26_1015_outbound_12025551234_c-7.md");
        assertThat(result).isEqualTo(new AttemptResult.Delivered("200 size=" + file.markdown().getBytes(StandardCharsets.UTF_8).length));
        assertThat(gateway.files()).containsOnlyKeys(path).containsEntry(path, file.markdown());
        RecordedRequest upload = gateway.requests().get(0);
        assertThat(upload.header("Authorization")).contains("Bearer " + gateway.gatewayToken());
        assertThat(upload.method()).isEqualTo("POST");
    }

    @Test
    void storing_again_overwrites_the_same_file() {
        archive.store(machine, file);
        archive.store(machine, file);

        assertThat(gateway.files()).hasSize(1);
    }

    @Test
    void an_unavailable_file_server_is_retried_later() {
        gateway.enqueue(CannedResponse.status(503).withHeader("Retry-After", "30"), CannedResponse.status(429));

        assertThat(archive.store(machine, file)).isEqualTo(new AttemptResult.Retryable("503", Optional.of(Duration.ofSeconds(30))));
        assertThat(archive.store(machine, file)).isEqualTo(new AttemptResult.Retryable("429", Optional.empty()));
        assertThat(gateway.files()).isEmpty();
    }

    @Test
    void a_wrong_gateway_token_is_refused() {
        Machine wrongToken = Fixtures.machine(gateway.baseUri(), "not-the-gateway-token", gateway.hookToken(), "/hooks",
                NotifierRoute.HOOKS);

        assertThat(archive.store(wrongToken, file)).isEqualTo(new AttemptResult.Refused("401 unauthorized"));
    }

    @Test
    void a_workspace_outside_the_file_servers_root_is_refused() {
        TranscriptArchive elsewhere = OpenClawClients.fileServerArchive(
                new OpenClawSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), "/srv/workspace"));

        assertThat(elsewhere.store(machine, file)).isEqualTo(new AttemptResult.Refused("400 path must be under /home/node/.openclaw"));
    }

    @Test
    void an_answer_that_is_not_the_file_servers_is_refused() {
        gateway.enqueue(CannedResponse.status(200).withHeader("Content-Type", "text/html"));

        AttemptResult result = archive.store(machine, file);

        assertThat(result).isInstanceOf(AttemptResult.Refused.class);
        assertThat(result.detail()).startsWith("200 upload not confirmed");
    }

    @Test
    void a_closed_port_is_retryable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Machine nobodyHome = Fixtures.machine(URI.create("http://127.0.0.1:" + closedPort), gateway.gatewayToken(),
                gateway.hookToken(), "/hooks", NotifierRoute.HOOKS);

        assertThat(archive.store(nobodyHome, file)).isEqualTo(new AttemptResult.Retryable("connection failed", Optional.empty()));
    }

    @Test
    void a_slow_file_server_is_retryable() {
        TranscriptArchive impatient = OpenClawClients.fileServerArchive(
                new OpenClawSettings(Duration.ofSeconds(2), Duration.ofMillis(300), OpenClawSettings.DEFAULT_WORKSPACE_ROOT));
        gateway.enqueue(CannedResponse.json(200, "{\"success\":true}").delayedBy(Duration.ofSeconds(10)));

        assertThat(impatient.store(machine, file)).isEqualTo(new AttemptResult.Retryable("timeout", Optional.empty()));
    }
}
