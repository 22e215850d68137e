package dev.ringback.bootstrap.realgateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The project's fake OpenAI-compatible model (e2e/real-gateway/fake-model.mjs) and what it was asked. */
final class FakeModel implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ChildProcess process;
    final int port;

    private FakeModel(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static FakeModel start(E2eEnvironment env, Path dir) {
        ChildProcess process = ChildProcess.start("fake model", List.of(env.node().toString(), env.fakeModelScript().toString()),
                Map.of("PATH", "/usr/bin:/bin"), dir, dir.resolve("fake-model.log"));
        int port = Integer.parseInt(process.awaitOutput(Pattern.compile("fake-model listening on (\\d+)"), Duration.ofSeconds(20)));
        return new FakeModel(process, port);
    }

    /** Each chat completion request's messages, in arrival order. */
    List<Transcript> requests() {
        HttpResponse<String> response = E2eHttp.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_requests")).build());
        try {
            List<Transcript> requests = new ArrayList<>();
            for (JsonNode request : JSON.readTree(response.body())) {
                List<Transcript.Message> messages = new ArrayList<>();
                for (JsonNode message : request.path("body").path("messages")) {
                    JsonNode content = message.path("content");
                    StringBuilder text = new StringBuilder(content.isTextual() ? content.asText() : "");
                    content.forEach(part -> text.append(part.path("text").asText("")));
                    messages.add(new Transcript.Message(message.path("role").asText(), text.toString()));
                }
                requests.add(new Transcript("request", messages));
            }
            return requests;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
