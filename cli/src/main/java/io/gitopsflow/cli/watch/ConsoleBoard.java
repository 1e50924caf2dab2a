package io.gitopsflow.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.cli.CliException;
import io.gitopsflow.cli.client.ConsoleClient;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jboss.resteasy.reactive.client.SseEvent;

/**
 * One pipeline's board and stream at the console, for {@link WatchLoop}: the board through {@link ConsoleClient}
 * (its words for every refusal), the stream through the REST client's server-sent-events support ({@code
 * ConsoleApi.stream}, same token). A refusal that will not pass by waiting — bad name 400, token refused 401/403,
 * pipeline gone 404 — ends the watch with ConsoleClient's message; an unreachable or restarting console (no answer,
 * 5xx) is a {@link WatchLoop.PassingFailure}, tried again.
 */
final class ConsoleBoard implements WatchLoop.Console {

    private static final Set<Integer> FINAL = Set.of(400, 401, 403, 404);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConsoleClient console;
    private final String pipeline;

    ConsoleBoard(ConsoleClient console, String pipeline) {
        this.console = console;
        this.pipeline = pipeline;
    }

    @Override
    public JsonNode board() {
        AtomicInteger status = new AtomicInteger(); // stays 0 when the console was not reached
        try {
            JsonNode board = console.call(api -> {
                Response response = api.board(pipeline);
                status.set(response.getStatus());
                return response;
            });
            if (board == null || !board.isObject()) {
                throw new WatchLoop.PassingFailure("the console answered no board");
            }
            return board;
        } catch (CliException e) {
            if (FINAL.contains(status.get())) {
                throw e;
            }
            throw new WatchLoop.PassingFailure(e.getMessage());
        }
    }

    @Override
    public AutoCloseable open(BiConsumer<StreamItem, JsonNode> items, Consumer<String> ended) {
        Cancellable subscription = console.open(api -> api.stream(pipeline))
                .subscribe()
                .with(
                        event -> deliver(event, items),
                        failure -> ended.accept(describe(failure)),
                        () -> ended.accept("the console closed the stream"));
        return subscription::cancel;
    }

    private static void deliver(SseEvent<String> event, BiConsumer<StreamItem, JsonNode> items) {
        String data;
        try {
            data = event.data();
        } catch (RuntimeException e) {
            items.accept(StreamItem.CHANGE, null); // data that cannot be read is still news: the board is read again
            return;
        }
        StreamItem item = StreamItem.of(event.name(), event.comment(), data);
        items.accept(item, item == StreamItem.CHANGE ? change(data) : null);
    }

    /** The event's {@code FlowChange}, or null when its data is not one. */
    static JsonNode change(String data) {
        try {
            JsonNode change = data == null || data.isBlank() ? null : JSON.readTree(data);
            return change != null && change.isObject() ? change : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Why a stream ended, in a few words: the console's status, else the root cause (e.g. connection refused). */
    static String describe(Throwable failure) {
        if (failure instanceof WebApplicationException refused && refused.getResponse() != null) {
            return "the console answered " + refused.getResponse().getStatus();
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
