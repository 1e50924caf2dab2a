package io.gitopsflow.testkit.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The skeleton rules as tests, so that each service checks itself with one line: its {@code SkeletonTest} extends
 * this class with the service's name, and every rule of {@link SkeletonRules} runs on that service's main classes
 * (tests may be longer and may reach into anything). A failure lists every class or method that breaks the rule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SkeletonCheck {

    private final String service;
    private final JavaClasses classes;

    protected SkeletonCheck(String service) {
        this.service = service;
        this.classes = SkeletonRules.mainClassesOf(service);
        if (classes.isEmpty()) {
            throw new IllegalStateException("no main class of " + service + " found in "
                    + SkeletonRules.SERVICE_PACKAGES.get(service) + ": is target/classes on the class path?");
        }
    }

    @Test
    public void listenersAndResourcesDoNotTouchRepositories() {
        SkeletonRules.listenersAndResourcesDoNotTouchRepositories().check(classes);
    }

    @Test
    public void queriesAreOnlyInRepositories() {
        SkeletonRules.queriesOnlyInRepositories().check(classes);
    }

    @Test
    public void noClassUsesAnotherService() {
        SkeletonRules.noClassUsesAnotherService(service).check(classes);
    }

    @Test
    public void resourcesReturnApiRecordsNotEntities() {
        SkeletonRules.resourcesReturnNoEntities().check(classes);
    }

    @Test
    public void dependenciesComeThroughTheConstructor() {
        SkeletonRules.noFieldInjection().check(classes);
    }

    @Test
    public void loggingGoesThroughQuarkusLog() {
        SkeletonRules.noLoggerFields().check(classes);
    }

    @Test
    public void noClassIsOverTheLineLimit() {
        SkeletonRules.classesAtMost(SkeletonRules.MAX_CLASS_LINES).check(classes);
    }

    @Test
    public void noMethodIsOverTheLineLimit() {
        SkeletonRules.methodsAtMost(SkeletonRules.MAX_METHOD_LINES).check(classes);
    }
}
