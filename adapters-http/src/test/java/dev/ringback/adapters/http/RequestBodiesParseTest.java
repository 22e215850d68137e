package dev.ringback.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RequestBodies#parse} binds straight from the bytes when it can: whatever the body, it
 * must come out as the careful path (a tree first, then the binding) has it, the same value or
 * the same 400.
 */
class RequestBodiesParseTest {
    record Sample(@JsonProperty("name") String name, @JsonProperty("count") int count,
            @JsonProperty("tags") List<String> tags) {}

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"name\":\"a\",\"count\":2,\"tags\":[\"x\",\"y\"]}",
        "  \n\t{\"name\":\"a\"}  \n",
        "{}",
        "{\"name\":null}",
        "{\"name\":\"a\",\"name\":\"b\"}",
        "{\"name\":\"a\"} trailing",
        "{\"name\":\"a\"}{\"name\":\"b\"}",
        "{\"name\":\"a\",\"unknown\":1}",
        "{\"count\":\"many\"}",
        "{\"count\":null}",
        "{\"count\":1.5}",
        "{\"name\":17}",
        "{\"tags\":\"x\"}",
        "{\"tags\":{\"a\":1}}",
        "{\"name\":\"a\"",
        "{name:\"a\"}",
        "[{\"name\":\"a\"}]",
        "\"a\"",
        "17",
        "null",
        "",
        "   ",
        "{\"name\":\"caf\u00e9 \uD83D\uDE00 \\u0000\"}",
    })
    void comesOutAsTheCarefulPathHasIt(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);

        assertThat(outcome(() -> RequestBodies.parse(body, Sample.class)))
                .isEqualTo(outcome(() -> RequestBodies.parseCarefully(body, Sample.class)));
    }

    private static String outcome(java.util.function.Supplier<Sample> parse) {
        try {
            return "value " + parse.get();
        } catch (ApiError e) {
            return "refused " + e.status() + " " + e.body();
        }
    }
}
