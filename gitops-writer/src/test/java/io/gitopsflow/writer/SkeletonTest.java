package io.gitopsflow.writer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import io.gitopsflow.testkit.architecture.SkeletonCheck;
import io.gitopsflow.testkit.architecture.SkeletonRules;
import org.junit.jupiter.api.Test;

/**
 * gitops-writer keeps the skeleton every service shares: layering, no field injection, one logger, the size limits;
 * and its HTTP calls go through the Quarkus REST Client (timeouts, retries, no redirects), never {@code java.net.http}.
 */
class SkeletonTest extends SkeletonCheck {

    SkeletonTest() {
        super("gitops-writer");
    }

    @Test
    void httpCallsGoThroughTheRestClient() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("java.net.http..")
                .because("the Git host APIs are called through the Quarkus REST Client (HostCalls)")
                .check(SkeletonRules.mainClassesOf("gitops-writer"));
    }
}
