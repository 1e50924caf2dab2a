package io.gitopsflow.promotion.service;

import static io.gitopsflow.promotion.PromotionApi.awaitFreight;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.events.EventType;
import io.gitopsflow.promotion.TestEvents;
import io.gitopsflow.promotion.TestSupport;
import io.gitopsflow.promotion.warehouse.Artifact;
import io.gitopsflow.promotion.warehouse.FreightIdentity;
import io.gitopsflow.testkit.KafkaTestClient;
import io.gitopsflow.testkit.TestPostgres;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Freight's alias is its id's adjective-animal pair, numbered when other Freight of its pipeline hold the pair: the
 * service reads only those (not the pipeline's whole history) and takes the first number none holds.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "promotion_service"))
@WithTestResource(TestSupport.class)
class FreightAliasIT {

    private static final String IMAGE = "registry.test/acme/paired";

    @Test
    void aPairOtherFreightOfThePipelineHoldGetsTheFirstFreeNumber() throws SQLException {
        String digest = TestEvents.digest();
        String id =
                FreightIdentity.id("paired", "paired", List.of(new Artifact(IMAGE, "1.0.0", digest, null, null, null)));
        String pair = FreightIdentity.alias(id);
        // the pair and its third number are taken in this pipeline, its second only in another
        stored("paired", pair);
        stored("paired", pair + "-3");
        stored("elsewhere", pair + "-2");

        String commit = TestEvents.sha();
        try (KafkaTestClient kafka = KafkaTestClient.shared()) {
            kafka.produce(EventType.IMAGE_PUBLISHED, TestEvents.image(IMAGE, List.of("1.0.0"), commit, digest), commit);
        }

        assertThat(awaitFreight("paired", "1.0.0")).isEqualTo(id);
        assertThat(given().auth()
                        .oauth2(TestSupport.token("viewer"))
                        .get("/pipelines/paired/freight/{f}", id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .<String>path("alias"))
                .isEqualTo(pair + "-2");
    }

    /** A Freight of {@code pipeline} holding {@code alias}, of an image of its own. */
    private static void stored(String pipeline, String alias) throws SQLException {
        try (Connection db = TestPostgres.shared().connect("promotion_service");
                PreparedStatement insert = db.prepareStatement(
                        "insert into freight (id, pipeline, warehouse, alias, artifacts_json, created_at)"
                                + " values (?, ?, ?, ?, ?, ?)")) {
            String tag = "0.0." + Math.abs(alias.hashCode() % 1000);
            insert.setString(1, TestEvents.sha());
            insert.setString(2, pipeline);
            insert.setString(3, pipeline);
            insert.setString(4, alias);
            insert.setString(
                    5,
                    "[{\"repository\":\"" + IMAGE + "\",\"tag\":\"" + tag + "\",\"digest\":\"" + TestEvents.digest()
                            + "\"}]");
            insert.setObject(6, OffsetDateTime.now().minusDays(1));
            insert.executeUpdate();
        }
    }
}
