package io.gitopsflow.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * Readiness names the broker and the database, and liveness does not: a packaged service runs against a Kafka broker
 * and a PostgreSQL server of its own (the shared ones stay untouched), which the scenario then stops — the database
 * first, then the broker. Readiness must turn 503 with the failing check named each time, while liveness stays 200 and
 * the process keeps running, so Kubernetes stops sending it traffic rather than restarting a pod that only waits for
 * its dependencies.
 */
public final class ReadinessScenario {

    /** The reactive datasource's readiness check (Quarkus). */
    public static final String DATABASE_CHECK = "Reactive PostgreSQL connections health check";
    /** The Kafka channels' readiness check (SmallRye Reactive Messaging). */
    public static final String MESSAGING_CHECK = "SmallRye Reactive Messaging - readiness check";

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ReadinessScenario() {}

    /**
     * Runs the scenario for the service packaged at {@code target/quarkus-app/quarkus-run.jar} of the current module.
     *
     * @param name the service's name, for its log ({@code target/<name>-readiness.log})
     * @param topics the topics it consumes and produces (created first, one partition each)
     * @param settings what else it needs to start, besides the broker and the database
     */
    public static void run(String name, Collection<String> topics, Map<String, String> settings) throws Exception {
        new ReadinessScenario().runFor(name, topics, settings);
    }

    private void runFor(String name, Collection<String> topics, Map<String, String> settings) throws Exception {
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
        TestPostgres postgres = TestPostgres.startDedicated();
        try {
            kafka.createTopics(1, topics);
            String database = name.replace('-', '_') + "_readiness";
            postgres.createDatabase(database);
            Map<String, String> properties = new LinkedHashMap<>(postgres.quarkusDatasource(database));
            properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
            // every REST API verifies bearer tokens; the key must be there for the service to answer at all
            properties.putAll(io.gitopsflow.testkit.quarkus.JwtTestResource.settings());
            properties.putAll(settings);
            try (ServiceProcess service = ServiceProcess.start(
                    name,
                    Path.of("target", "quarkus-app", "quarkus-run.jar"),
                    TestFolders.freePort(),
                    ServiceProcess.quickStartOptions("256m"),
                    properties,
                    Path.of("target", name + "-readiness.log"),
                    Duration.ofSeconds(120))) {
                String ready = service.url() + "/q/health/ready";
                String live = service.url() + "/q/health/live";
                HttpResponse<String> up = await(ready, response -> response.statusCode() == 200);
                check(
                        up.body().contains(MESSAGING_CHECK) && up.body().contains(DATABASE_CHECK),
                        "readiness names the broker's and the database's checks",
                        up);

                postgres.stop();
                HttpResponse<String> noDatabase = await(ready, response -> response.statusCode() == 503);
                check(down(DATABASE_CHECK).matcher(noDatabase.body()).find(), "the database check is down", noDatabase);
                HttpResponse<String> liveWithoutDatabase = get(live);
                check(
                        liveWithoutDatabase.statusCode() == 200,
                        "liveness is up without the database",
                        liveWithoutDatabase);

                kafka.stop();
                HttpResponse<String> noBroker = await(
                        ready,
                        response -> response.statusCode() == 503
                                && down(MESSAGING_CHECK)
                                        .matcher(response.body())
                                        .find());
                check(
                        down(DATABASE_CHECK).matcher(noBroker.body()).find()
                                && noBroker.body().contains("[KO]"),
                        "both checks are down, a channel named as failing",
                        noBroker);
                HttpResponse<String> liveWithoutBroker = get(live);
                check(liveWithoutBroker.statusCode() == 200, "liveness is up without the broker", liveWithoutBroker);
                if (!service.isAlive()) {
                    throw new AssertionError(name + " exited without its broker and database; see " + service.log());
                }
                // nothing is left to finish, and a graceful stop would wait for the broker and the database (3-10 s)
                service.kill();
            }
        } finally {
            postgres.stop();
            kafka.stop();
        }
    }

    private static void check(boolean holds, String what, HttpResponse<String> response) {
        if (!holds) {
            throw new AssertionError("expected: " + what + "; " + response.uri() + " answered " + response.statusCode()
                    + " " + response.body());
        }
    }

    private static Pattern down(String check) {
        return Pattern.compile(Pattern.quote(check) + "\",\\s*\"status\": \"DOWN\"");
    }

    private HttpResponse<String> await(String url, Predicate<HttpResponse<String>> condition) {
        return Awaitility.await(url)
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> get(url), condition::test);
    }

    private HttpResponse<String> get(String url) {
        return LocalHttp.send(
                http,
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build());
    }
}
