package dev.ringback.adapters.openclaw;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the JDK client reads from a body in hand: the same bytes, every time it subscribes. */
class ByteArrayBodyTest {

    @Test
    void publishesItsBytesToEachSubscriber() throws Exception {
        byte[] bytes = "# 📞 **Call completed**\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayBody body = new ByteArrayBody(bytes);

        assertThat(body.contentLength()).isEqualTo(bytes.length);
        assertThat(collect(body)).isEqualTo(bytes);
        assertThat(collect(body)).isEqualTo(bytes);
    }

    private static byte[] collect(ByteArrayBody body) throws Exception {
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.write(chunk, 0, chunk.length);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(out.toByteArray());
            }
        });
        return done.get(5, TimeUnit.SECONDS);
    }
}
