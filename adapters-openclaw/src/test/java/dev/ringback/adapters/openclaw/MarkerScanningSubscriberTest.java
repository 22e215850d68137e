package dev.ringback.adapters.openclaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MarkerScanningSubscriberTest {
    private static final byte[] MARKER = "[ringback call c-1]".getBytes(StandardCharsets.UTF_8);

    private static byte[] scan(List<String> chunks, RecordingSubscription subscription) {
        MarkerScanningSubscriber subscriber = new MarkerScanningSubscriber(MARKER);
        subscriber.onSubscribe(subscription);
        for (String chunk : chunks) {
            subscriber.onNext(List.of(ByteBuffer.wrap(chunk.getBytes(StandardCharsets.UTF_8))));
        }
        subscriber.onComplete();
        return subscriber.getBody().toCompletableFuture().join();
    }

    @Test
    void finds_the_marker_in_one_chunk_and_stops_reading() {
        RecordingSubscription subscription = new RecordingSubscription();

        assertThat(scan(List.of("{\"messages\":[\"hello [ringback call c-1] bye\"]}", "more"), subscription)).isEqualTo(MARKER);
        assertThat(subscription.cancelled).isTrue();
    }

    @Test
    void finds_the_marker_split_over_any_chunk_boundary() {
        String body = "{\"messages\":[{\"content\":\"📞 done [ringback call c-1]\"}]}";
        for (int cut = 0; cut <= body.length(); cut++) {
            assertThat(scan(List.of(body.substring(0, cut), body.substring(cut)), new RecordingSubscription()))
                    .as("cut at %d", cut).isEqualTo(MARKER);
        }
    }

    @Test
    void finds_the_marker_split_over_many_tiny_chunks() {
        String body = "x".repeat(100) + "[ringback call c-1]" + "y".repeat(100);
        List<String> bytes = new ArrayList<>();
        body.chars().forEach(c -> bytes.add(String.valueOf((char) c)));

        assertThat(scan(bytes, new RecordingSubscription())).isEqualTo(MARKER);
    }

    @Test
    void an_absent_marker_completes_empty() {
        assertThat(scan(List.of("[ringback call c-10", "]", "[ringback call c-2]", "[ringback call c-"), new RecordingSubscription()))
                .isEmpty();
        assertThat(scan(List.of(), new RecordingSubscription())).isEmpty();
    }

    @Test
    void random_bodies_agree_with_a_plain_search() {
        Random random = new Random(11);
        String alphabet = "[]rigback cl-1";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder body = new StringBuilder();
            int length = random.nextInt(120);
            for (int j = 0; j < length; j++) {
                body.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (random.nextInt(4) == 0) {
                body.insert(random.nextInt(body.length() + 1), "[ringback call c-1]");
            }
            List<String> chunks = new ArrayList<>();
            int at = 0;
            while (at < body.length()) {
                int next = Math.min(body.length(), at + 1 + random.nextInt(25));
                chunks.add(body.substring(at, next));
                at = next;
            }
            boolean expected = body.toString().contains("[ringback call c-1]");
            assertThat(scan(chunks, new RecordingSubscription()).length > 0).as("sample %d: %s", i, body).isEqualTo(expected);
        }
    }

    @Test
    void an_empty_needle_is_refused() {
        assertThatThrownBy(() -> new MarkerScanningSubscriber(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
