package io.gitopsflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The local notification receiver keeps and hands on what the console POSTs, and nothing else. */
class NotificationReceiverTest {

    @Test
    void aPostedMessageIsKeptAndHandedToTheListenersAndOtherMethodsAreRefused() throws Exception {
        try (NotificationReceiver receiver = NotificationReceiver.start()) {
            List<NotificationReceiver.Message> heard = new CopyOnWriteArrayList<>();
            receiver.onMessage(heard::add);
            HttpClient http = HttpClient.newHttpClient();

            HttpResponse<String> posted = http.send(
                    HttpRequest.newBuilder(URI.create(receiver.url()))
                            .header("Content-Type", "application/cloudevents+json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"t\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> got = http.send(
                    HttpRequest.newBuilder(URI.create(receiver.url())).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(receiver.url()).startsWith("http://127.0.0.1:").endsWith(NotificationReceiver.PATH);
            assertThat(posted.statusCode()).isEqualTo(204);
            assertThat(got.statusCode()).isEqualTo(405);
            assertThat(receiver.received())
                    .containsExactly(
                            new NotificationReceiver.Message("application/cloudevents+json", "{\"type\":\"t\"}"));
            assertThat(heard).isEqualTo(receiver.received());
        }
    }
}
