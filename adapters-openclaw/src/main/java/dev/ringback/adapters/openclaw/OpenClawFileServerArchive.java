package dev.ringback.adapters.openclaw;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ringback.application.port.out.TranscriptArchive;
import dev.ringback.domain.account.Machine;
import dev.ringback.domain.account.Secret;
import dev.ringback.domain.delivery.AttemptResult;
import dev.ringback.domain.notify.TranscriptFile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Writes a transcript into the agent's workspace through the machine's file server
 * ({@code POST /files/upload?path=}), the only write route a machine offers: the gateway itself
 * has no endpoint that writes workspace files. Uploading the same file again overwrites it, so a
 * retry is harmless.
 */
final class OpenClawFileServerArchive implements TranscriptArchive {
    private final GatewayHttp http;
    private final String workspaceRoot;

    @Inject
    OpenClawFileServerArchive(GatewayHttp http, OpenClawSettings settings) {
        this.http = http;
        this.workspaceRoot = settings.workspaceRoot();
    }

    @Override
    public AttemptResult store(Machine machine, TranscriptFile file) {
        String absolutePath = workspaceRoot + "/" + file.relativePath();
        HttpRequest request;
        try {
            URI uri = Machine.under(machine.appUrl(),
                    "/files/upload?path=" + URLEncoder.encode(absolutePath, StandardCharsets.UTF_8));
            request = http.request(uri)
                    .header("Authorization", "Bearer " + machine.gatewayToken().value())
                    .header("Content-Type", "text/markdown; charset=utf-8")
                    .POST(new ByteArrayBody(file.markdown().getBytes(StandardCharsets.UTF_8)))
                    .build();
        } catch (IllegalArgumentException e) {
            return new AttemptResult.Refused("upload request cannot be built for this machine");
        }
        GatewayAnswer answer = http.exchange(request);
        if (answer instanceof GatewayAnswer.Unreachable) {
            return AnswerClassifier.unreachable((GatewayAnswer.Unreachable) answer);
        }
        GatewayAnswer.Response response = (GatewayAnswer.Response) answer;
        List<Secret> hidden = List.of(machine.gatewayToken(), machine.hookToken());
        if (!response.isSuccess()) {
            return AnswerClassifier.unsuccessful(response, http.now(), hidden);
        }
        Optional<JsonNode> json = Json.parse(response.body());
        if (json.map(node -> node.path("success").asBoolean(false)).orElse(false)) {
            String size = json.map(node -> node.path("size"))
                    .filter(JsonNode::isIntegralNumber)
                    .map(node -> " size=" + node.asLong())
                    .orElse("");
            return new AttemptResult.Delivered(response.status() + size);
        }
        // Something that is not the platform's file server answered (a self-hosted gateway's
        // control UI, say): retrying the same upload there will not make it one.
        String reason = AnswerClassifier.reason(response.body(), hidden).orElse("not a file server answer");
        return new AttemptResult.Refused(response.status() + " upload not confirmed: " + reason);
    }
}
