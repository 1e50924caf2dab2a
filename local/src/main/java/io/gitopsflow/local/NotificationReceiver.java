package io.gitopsflow.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The local run's notification receiver: a generic webhook on loopback that the sample pipeline's notification rule
 * points the console at, keeping every message it receives and handing it to listeners (the live view prints them),
 * so a notification is seen without a Slack workspace.
 */
public final class NotificationReceiver implements AutoCloseable {

    /** The path messages are POSTed to. */
    public static final String PATH = "/notifications";

    private static final int MAX_BODY = 256 * 1024;

    /**
     * One message as received.
     *
     * @param contentType its Content-Type
     * @param body its body (the CloudEvent as JSON for a webhook receiver)
     */
    public record Message(String contentType, String body) {}

    private final HttpServer server;
    private final List<Message> received = new CopyOnWriteArrayList<>();
    private final List<Consumer<Message>> listeners = new CopyOnWriteArrayList<>();

    private NotificationReceiver(HttpServer server) {
        this.server = server;
    }

    /** Starts listening on a free loopback port. */
    public static NotificationReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            NotificationReceiver receiver = new NotificationReceiver(server);
            server.createContext(PATH, receiver::handle);
            server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "notification-receiver");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local notification receiver: " + e.getMessage(), e);
        }
    }

    /** The URL the console POSTs messages to. */
    public String url() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + PATH;
    }

    /** Tells {@code listener} of every message from now on. */
    public void onMessage(Consumer<Message> listener) {
        listeners.add(listener);
    }

    /** Every message received so far, in order. */
    public List<Message> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                exchange.sendResponseHeaders(413, -1);
                return;
            }
            Message message = new Message(
                    exchange.getRequestHeaders().getFirst("Content-Type"), new String(body, StandardCharsets.UTF_8));
            received.add(message);
            listeners.forEach(listener -> listener.accept(message));
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
