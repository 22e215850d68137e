package dev.ringback.adapters.openclaw;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ringback.domain.notify.AgentNotification;
import dev.ringback.domain.notify.NotificationPolicy;
import dev.ringback.domain.session.SessionKey;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The gateway recognises a retry only by identical dispatch fields, so the body's bytes must not
 * change when the way they are written does: here the tree serialisation the body used to be is
 * the oracle, over messages with every kind of character that JSON escapes or passes through.
 */
class HookAgentBodyTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CHARACTERS = "aZ09 \"\\/\n\r\t\u0000\u001f\u007f\u00e9\u2028\u2029\u200b\ud83d\udcde<>&'";

    @Test
    void sameBytesAsTheTreeItReplaced() throws Exception {
        Random random = new Random(20261126);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder message = new StringBuilder("\ud83d\udcde Call finished [ringback call c-" + i + "] ");
            int length = random.nextInt(i % 10 == 0 ? 20_000 : 200);
            for (int j = 0; j < length; j++) {
                int at = random.nextInt(CHARACTERS.length());
                // The emoji is a surrogate pair: keep its two halves together.
                if (Character.isHighSurrogate(CHARACTERS.charAt(at))) {
                    message.append(CHARACTERS, at, at + 2);
                } else if (!Character.isLowSurrogate(CHARACTERS.charAt(at))) {
                    message.append(CHARACTERS.charAt(at));
                }
            }
            AgentNotification notification = new AgentNotification(SessionKey.parse(i % 2 == 0 ? "research" : "main"),
                    "PhoneCall", message.toString(), "ringback-call-c-" + i, "[ringback call c-" + i + "]");

            assertThat(HookAgentBody.of(notification)).isEqualTo(asTree(notification));
        }
    }

    private static byte[] asTree(AgentNotification notification) throws Exception {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("message", notification.message());
        body.put("name", notification.name());
        body.put("sessionKey", notification.sessionKey().value());
        body.put("sessionMode", NotificationPolicy.SESSION_MODE);
        body.put("wakeMode", "now");
        body.put("deliver", true);
        body.put("idempotencyKey", notification.idempotencyKey());
        return MAPPER.writeValueAsBytes(body);
    }
}
