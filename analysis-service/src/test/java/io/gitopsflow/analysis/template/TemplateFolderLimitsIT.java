package io.gitopsflow.analysis.template;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.gitopsflow.analysis.AnalysisTestResource;
import io.gitopsflow.testkit.quarkus.JwtTestResource;
import io.gitopsflow.testkit.quarkus.KafkaTestResource;
import io.gitopsflow.testkit.quarkus.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, finding 7, for the folder read at start: {@link AnalysisTestResource} puts a file nested 20,000 deep (a
 * StackOverflowError at start before: the service did not start) and a template with a loop next to the good ones.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
@WithTestResource(
        value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "analysis_service"))
@WithTestResource(AnalysisTestResource.class)
@WithTestResource(JwtTestResource.class)
class TemplateFolderLimitsIT {

    @Test
    void hostileFilesInTheFolderAreRefusedWithFileAndLineAndTheOthersLoad() {
        // issue 17, finding 7: the 20,000-deep file overflowed the stack at start, and the loop was loaded
        given().auth()
                .oauth2(JwtTestResource.token("victor", "viewer"))
                .get("/analysis-templates")
                .then()
                .statusCode(200)
                .body("templates.name", hasItems("success-rate-check", "latency-check", "web-error-rate", "long-check"))
                .body("templates.name", not(hasItems("loops")))
                .body("problems.find { it.file == 'zz-deep.yaml' }.line", equalTo(2))
                .body(
                        "problems.find { it.file == 'zz-deep.yaml' }.message",
                        equalTo("not valid YAML: mappings and lists are nested deeper than 64 levels"))
                .body("problems.find { it.file == 'zz-loop.yaml' }.line", equalTo(8))
                .body("problems.find { it.file == 'zz-loop.yaml' }.path", equalTo("spec.metrics[0].successCondition"))
                .body("problems.find { it.file == 'zz-loop.yaml' }.message", containsString("loop"));
    }
}
