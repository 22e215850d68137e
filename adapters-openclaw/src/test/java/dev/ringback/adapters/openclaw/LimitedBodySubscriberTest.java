package dev.ringback.adapters.openclaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class LimitedBodySubscriberTest {
    private static ByteBuffer bytes(int count, byte value) {
        byte[] chunk = new byte[count];
        Arrays.fill(chunk, value);
        return ByteBuffer.wrap(chunk);
    }

    @Test
    void a_body_under_the_limit_is_kept_whole_across_its_buffers() {
        LimitedBodySubscriber subscriber = new LimitedBodySubscriber();
        RecordingSubscription subscription = new RecordingSubscription();
        subscriber.onSubscribe(subscription);

        subscriber.onNext(List.of(ByteBuffer.wrap("{\"ok\":".getBytes()), ByteBuffer.wrap("true,".getBytes())));
        subscriber.onNext(List.of(ByteBuffer.wrap("\"runId\":\"r-1\"}".getBytes())));
        subscriber.onComplete();

        assertThat(new String(subscriber.getBody().toCompletableFuture().join())).isEqualTo("{\"ok\":true,\"runId\":\"r-1\"}");
        assertThat(subscription.requested).isEqualTo(Long.MAX_VALUE);
        assertThat(subscription.cancelled).isFalse();
    }

    @Test
    void a_longer_body_is_cut_at_the_limit_and_no_longer_read() {
        LimitedBodySubscriber subscriber = new LimitedBodySubscriber();
        RecordingSubscription subscription = new RecordingSubscription();
        subscriber.onSubscribe(subscription);

        subscriber.onNext(List.of(bytes(LimitedBodySubscriber.LIMIT - 10, (byte) 'a'), bytes(30, (byte) 'b'), bytes(5, (byte) 'c')));
        subscriber.onNext(List.of(bytes(100, (byte) 'd')));
        subscriber.onComplete();

        byte[] body = subscriber.getBody().toCompletableFuture().join();
        assertThat(body).hasSize(LimitedBodySubscriber.LIMIT);
        assertThat(body[LimitedBodySubscriber.LIMIT - 11]).isEqualTo((byte) 'a');
        assertThat(body[LimitedBodySubscriber.LIMIT - 1]).isEqualTo((byte) 'b');
        assertThat(subscription.cancelled).isTrue();
    }

    @Test
    void a_body_of_exactly_the_limit_is_kept_whole() {
        LimitedBodySubscriber subscriber = new LimitedBodySubscriber();
        subscriber.onSubscribe(new RecordingSubscription());

        subscriber.onNext(List.of(bytes(LimitedBodySubscriber.LIMIT, (byte) 'x')));
        subscriber.onComplete();

        assertThat(subscriber.getBody().toCompletableFuture().join()).hasSize(LimitedBodySubscriber.LIMIT);
    }

    @Test
    void a_failed_read_fails_the_body() {
        LimitedBodySubscriber subscriber = new LimitedBodySubscriber();
        subscriber.onSubscribe(new RecordingSubscription());

        subscriber.onNext(List.of(bytes(10, (byte) 'a')));
        subscriber.onError(new IOException("connection reset"));

        assertThatThrownBy(() -> subscriber.getBody().toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(IOException.class);
    }
}
