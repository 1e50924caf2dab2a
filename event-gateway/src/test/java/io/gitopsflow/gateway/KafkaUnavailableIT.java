package io.gitopsflow.gateway;

import static io.gitopsflow.gateway.Webhooks.Change.touching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.testkit.TestPostgres;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With no broker to acknowledge, nothing is acknowledged to the provider: 503, and the delivery is not kept. */
@QuarkusTest
@TestProfile(KafkaUnavailableIT.NoBroker.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "event_gateway_no_kafka"))
class KafkaUnavailableIT {

    /** Points the producers at a port where nothing listens. */
    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kafka.bootstrap.servers",
                    "127.0.0.1:" + TestFolders.freePort(),
                    "gitops-flow.gateway.publish-timeout",
                    "2s");
        }
    }

    @Test
    void answers503AndKeepsNoDeliverySoTheProvidersRetryGoesThrough() throws Exception {
        byte[] body = Webhooks.bytes(
                Webhooks.githubPush("acme/books-api", "refs/heads/main", List.of(touching("x", "src/X.java"))));
        String delivery = UUID.randomUUID().toString();

        for (int attempt = 0; attempt < 2; attempt++) {
            Webhooks.sendGithub("push", delivery, body, "books-api-secret")
                    .then()
                    .statusCode(503)
                    .body("outcome", equalTo("rejected"))
                    .body("reason", containsString("Kafka did not acknowledge the event"));
        }

        try (Connection connection = TestPostgres.shared().connect("event_gateway_no_kafka");
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery("select count(*) from webhook_delivery where delivery_key = 'github:" + delivery
                                + "'")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
        given().get("/q/health/ready").then().statusCode(503);
    }
}
