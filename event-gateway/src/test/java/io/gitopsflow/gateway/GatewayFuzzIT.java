package io.gitopsflow.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzzing campaign against the real broker and database: hostile requests over every endpoint of the gateway
 * must each get a 4xx with a reason, never a 5xx, and publish nothing to any topic.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @io.quarkus.test.common.ResourceArg(name = "database", value = "event_gateway"))
class GatewayFuzzIT {

    /** Change with {@code -Dfuzz.seed=...}; the default keeps the campaign the same from run to run. */
    private static final long SEED = Long.getLong("fuzz.seed", 20261205L);

    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 480);

    @Test
    void hostileRequestsOverEveryEndpointGetAReasoned4xxAndPublishNothing() throws Exception {
        HostileRequests hostile = new HostileRequests(SEED);
        long recordsBefore = recordsInAllTopics();
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byEndpoint = new TreeMap<>();
        Map<String, Integer> byCategory = new TreeMap<>();
        List<String> failures = new ArrayList<>();

        for (int i = 0; i < REQUESTS; i++) {
            HostileRequests.Hostile request = hostile.next();
            Response response = send(request);
            int status = response.statusCode();
            byStatus.merge(String.valueOf(status), 1, Integer::sum);
            byEndpoint.merge(request.path(), 1, Integer::sum);
            byCategory.merge(request.category(), 1, Integer::sum);
            String reason = reason(response);
            if (status < 400 || status >= 500 || reason == null || reason.isBlank()) {
                failures.add("#" + i + " " + request.category() + " " + request.path() + " -> " + status + " "
                        + response.body()
                                .asString()
                                .substring(
                                        0,
                                        Math.min(200, response.body().asString().length())));
            }
        }
        long recordsAfter = recordsInAllTopics();

        System.out.printf(
                "[gateway fuzz] seed %d, %d requests; by status %s; by endpoint %s; by category %s; records in all"
                        + " topics before %d, after %d%n",
                SEED, REQUESTS, byStatus, byEndpoint, byCategory, recordsBefore, recordsAfter);
        assertThat(failures).as("requests not answered with a reasoned 4xx").isEmpty();
        assertThat(recordsAfter).as("records published to any topic").isEqualTo(recordsBefore);
    }

    private static Response send(HostileRequests.Hostile request) {
        RequestSpecification spec = given().urlEncodingEnabled(false);
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            if (header.getKey().equals("Content-Type")) {
                spec = spec.contentType(header.getValue());
            } else {
                spec = spec.header(header.getKey(), header.getValue());
            }
        }
        return spec.body(request.body()).post(request.path());
    }

    private static String reason(Response response) {
        try {
            return response.jsonPath().getString("reason");
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    /** The sum of the end offsets of every partition of every topic on the broker. */
    private static long recordsInAllTopics() throws Exception {
        Properties properties = new Properties();
        properties.put(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        try (Admin admin = Admin.create(properties)) {
            var topics = admin.listTopics().names().get();
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(topics).allTopicNames().get();
            Map<TopicPartition, OffsetSpec> partitions = descriptions.values().stream()
                    .flatMap(topic -> topic.partitions().stream()
                            .map(partition -> new TopicPartition(topic.name(), partition.partition())))
                    .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
            return admin.listOffsets(partitions).all().get().values().stream()
                    .mapToLong(offset -> offset.offset())
                    .sum();
        }
    }
}
