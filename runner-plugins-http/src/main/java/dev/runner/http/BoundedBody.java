package dev.runner.http;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Keeps the first {@code limit} bytes of a response body and then cancels the subscription, so an
 * endless or huge body ends the exchange instead of being read. The client delivers the signals
 * one at a time (reactive streams rule 1.3), so the fields need no lock.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final byte[] bytes;
    private int length;
    private Flow.Subscription subscription;

    /**
     * Creates a subscriber that keeps at most {@code limit} bytes.
     *
     * @param limit the most bytes to keep, positive
     */
    BoundedBody(int limit) {
        this.bytes = new byte[limit];
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            int take = Math.min(buffer.remaining(), bytes.length - length);
            buffer.get(bytes, length, take);
            length += take;
        }
        if (length == bytes.length) {
            subscription.cancel();
            result.complete(Arrays.copyOf(bytes, length));
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable failure) {
        result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        result.complete(Arrays.copyOf(bytes, length));
    }
}
