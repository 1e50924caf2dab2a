package io.gitopsflow.analysis.provider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * What a provider's answer may cost: its size while it is received (a larger answer is cancelled, never buffered
 * whole) and the nesting, string and number sizes of its JSON (Jackson's {@link StreamReadConstraints}); a key given
 * twice is refused rather than silently taking the last value.
 */
public final class AnswerLimits {

    /** Bytes an answer may have: a Prometheus range query of a few hundred series, 32 measurements at once. */
    public static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    /** Objects and arrays open at once in an answer. */
    public static final int MAX_DEPTH = 64;

    /** The reader of every provider's JSON. */
    public static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxDocumentLength(MAX_ANSWER_BYTES)
                    .maxStringLength(MAX_ANSWER_BYTES)
                    .maxNumberLength(100)
                    .maxNameLength(10_000)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private AnswerLimits() {}

    /** Reads a body as UTF-8 text of at most {@link #MAX_ANSWER_BYTES}. */
    public static HttpResponse.BodyHandler<String> body() {
        return info -> new LimitedBody(MAX_ANSWER_BYTES);
    }

    /** A body gathered up to a limit; past it the exchange is cancelled and the body fails with the reason. */
    static final class LimitedBody implements HttpResponse.BodySubscriber<String> {

        private final long limit;
        private final CompletableFuture<String> text = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        LimitedBody(long limit) {
            this.limit = limit;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (text.isDone()) {
                    return;
                }
                if (bytes.size() + (long) buffer.remaining() > limit) {
                    subscription.cancel();
                    text.completeExceptionally(
                            new MeasurementException("the answer is larger than " + limit + " bytes: not read"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable failure) {
            text.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            text.complete(bytes.toString(StandardCharsets.UTF_8));
        }

        @Override
        public CompletionStage<String> getBody() {
            return text;
        }
    }
}
