package io.gitopsflow.testkit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The skeleton every service keeps (docs/architecture.md), as ArchUnit rules: listeners and resources hand over to
 * services and never touch a repository, queries run only in repository/, no service uses another's classes,
 * resources return API records and never entities, dependencies come through the constructor, one logger style, and
 * the size limits a reader can hold.
 * Each service's {@code SkeletonTest} runs them on its own main classes through {@link SkeletonCheck}.
 */
public final class SkeletonRules {

    /** No class in src/main over this many lines. */
    public static final int MAX_CLASS_LINES = 400;

    /** No method or constructor in src/main over this many lines. */
    public static final int MAX_METHOD_LINES = 60;

    /** Each service's packages (no source folder is called {@code build}: tools take it for build output). */
    public static final Map<String, List<String>> SERVICE_PACKAGES = Map.of(
            "event-gateway", List.of("io.gitopsflow.gateway"),
            "build-worker", List.of("io.gitopsflow.buildworker"),
            "gitops-writer", List.of("io.gitopsflow.writer"),
            "promotion-service", List.of("io.gitopsflow.promotion"),
            "analysis-service", List.of("io.gitopsflow.analysis"),
            "console", List.of("io.gitopsflow.console"));

    private static final String INCOMING = "org.eclipse.microprofile.reactive.messaging.Incoming";
    private static final Pattern QUERY_API = Pattern.compile("io\\.vertx\\.(mutiny\\.)?(sqlclient|pgclient)\\..*"
            + "|java\\.sql\\.(Prepared|Callable)?Statement|java\\.sql\\.ResultSet"
            + "|org\\.hibernate\\.reactive\\..*"
            + "|io\\.quarkus\\.hibernate\\..*\\.Panache\\w*(Entity|Repository)\\w*");
    private static final Pattern PANACHE_ENTITY = Pattern.compile("io\\.quarkus\\..*\\.\\w*Panache\\w*Entity\\w*");

    private SkeletonRules() {}

    /** The main classes (src/main, no tests) of {@code service}, one of {@link #SERVICE_PACKAGES}' keys. */
    public static JavaClasses mainClassesOf(String service) {
        return new ClassFileImporter()
                .withImportOption(new ImportOption.DoNotIncludeTests())
                .importPackages(packagesOf(service));
    }

    /** Listeners (messaging/, classes with an {@code @Incoming} method) and resources (rest/) use no repository. */
    public static ArchRule listenersAndResourcesDoNotTouchRepositories() {
        return noClasses()
                .that(areListeners())
                .or()
                .resideInAPackage("..rest..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..repository..")
                .allowEmptyShould(true)
                .because("a listener decodes and hands over, a resource calls a service: all SQL and Panache access"
                        + " is in repository/, behind a service");
    }

    /**
     * service/, rest/ and messaging/ run no query themselves: they call no method of the SQL client or of Hibernate
     * Reactive, no Panache finder or {@code persist} on an entity (active record), and no query string handed to a
     * repository's inherited Panache methods; a repository's other methods are the way to the tables.
     * {@code Panache.withTransaction} stays allowed (where a transaction starts and ends is a service's decision), and
     * so does reading a database exception to tell retryable failures apart.
     */
    public static ArchRule queriesOnlyInRepositories() {
        return classes()
                .that()
                .resideInAnyPackage("..service..", "..rest..", "..messaging..")
                .should(runNoQueries())
                .allowEmptyShould(true)
                .because("every SQL statement and Panache access is in repository/, so a table's every use is found"
                        + " in one place");
    }

    /** No class of {@code service} uses a class of another service: they talk only through Kafka topics. */
    public static ArchRule noClassUsesAnotherService(String service) {
        packagesOf(service);
        String[] others = SERVICE_PACKAGES.entrySet().stream()
                .filter(entry -> !entry.getKey().equals(service))
                .flatMap(entry -> entry.getValue().stream())
                .map(name -> name + "..")
                .toArray(String[]::new);
        return noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(others)
                .allowEmptyShould(true)
                .because("services talk only through the topics of the events contract; what two services share"
                        + " lives in events, messaging or testkit");
    }

    /** No public method in rest/ returns an entity (a JPA {@code @Entity} or a Panache entity), not even in a list. */
    public static ArchRule resourcesReturnNoEntities() {
        return methods()
                .that()
                .areDeclaredInClassesThat()
                .resideInAPackage("..rest..")
                .and()
                .arePublic()
                .should(returnNoEntity())
                .allowEmptyShould(true)
                .because("a resource answers with API records: an entity would publish the table's shape and"
                        + " let the JSON writer load lazy state outside the transaction");
    }

    /** No field is injected: dependencies come through the constructor into {@code private final} fields. */
    public static ArchRule noFieldInjection() {
        return noFields()
                .should()
                .beAnnotatedWith("jakarta.inject.Inject")
                .orShould()
                .beAnnotatedWith("org.eclipse.microprofile.config.inject.ConfigProperty")
                .orShould()
                .beAnnotatedWith("org.eclipse.microprofile.reactive.messaging.Channel")
                .allowEmptyShould(true)
                .because("constructor injection shows a bean's dependencies in one place, and a bean cycle fails at"
                        + " start instead of being hidden by a field");
    }

    /** No logger fields: {@code io.quarkus.logging.Log} is the one logger style. */
    public static ArchRule noLoggerFields() {
        return noFields()
                .should()
                .haveRawType("org.jboss.logging.Logger")
                .orShould()
                .haveRawType("org.slf4j.Logger")
                .orShould()
                .haveRawType("java.util.logging.Logger")
                .allowEmptyShould(true)
                .because("io.quarkus.logging.Log is the one logger style (Quarkus names the logger after the class)");
    }

    /** No top-level class's source file over {@code limit} lines. */
    public static ArchRule classesAtMost(int limit) {
        return classes()
                .that()
                .areTopLevelClasses()
                .should(SourceLines.haveAtMostLines(limit))
                .allowEmptyShould(true)
                .because("a class over %d lines is more than a reader can hold: split it by responsibility"
                        .formatted(limit));
    }

    /** No method or constructor over {@code limit} lines, from its first annotation to its closing brace. */
    public static ArchRule methodsAtMost(int limit) {
        return classes()
                .that()
                .areTopLevelClasses()
                .should(SourceLines.haveNoMethodLongerThan(limit))
                .allowEmptyShould(true)
                .because("a method over %d lines does several things: name each one".formatted(limit));
    }

    private static String[] packagesOf(String service) {
        List<String> packages = SERVICE_PACKAGES.get(service);
        if (packages == null) {
            throw new IllegalArgumentException(
                    "unknown service " + service + "; the services are " + SERVICE_PACKAGES.keySet());
        }
        return packages.toArray(String[]::new);
    }

    private static DescribedPredicate<JavaClass> areListeners() {
        return DescribedPredicate.describe(
                "are listeners (in messaging/, named *Listener or with an @Incoming method)",
                type -> type.getPackageName().matches(".*\\.messaging(\\..*)?")
                        && (type.getSimpleName().endsWith("Listener")
                                || type.getMethods().stream().anyMatch(method -> method.isAnnotatedWith(INCOMING))));
    }

    private static ArchCondition<JavaClass> runNoQueries() {
        return new ArchCondition<>("run no query (SQL client, Hibernate Reactive, Panache finders)") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                for (JavaMethodCall call : type.getMethodCallsFromSelf()) {
                    Optional<JavaMethod> target = call.getTarget().resolveMember();
                    String declaredBy = target.map(method -> method.getOwner().getName())
                            .orElse(call.getTargetOwner().getName());
                    if (QUERY_API.matcher(declaredBy).matches() && !allowed(call, target)) {
                        events.add(SimpleConditionEvent.violated(
                                call,
                                "%s calls %s.%s, declared by %s %s"
                                        .formatted(
                                                call.getOrigin().getFullName(),
                                                call.getTargetOwner().getSimpleName(),
                                                call.getName(),
                                                declaredBy,
                                                call.getSourceCodeLocation())));
                    }
                }
            }
        };
    }

    /**
     * A repository's methods are the way to the tables, except its inherited Panache ones that take a query string
     * ({@code find("status = ?1", ...)}): that query belongs in the repository. An exception is read, not run.
     */
    private static boolean allowed(JavaMethodCall call, Optional<JavaMethod> target) {
        JavaClass owner = call.getTargetOwner();
        if (owner.isAssignableTo(Throwable.class)) {
            return true;
        }
        boolean takesQuery = target.map(method -> !method.getRawParameterTypes().isEmpty()
                        && method.getRawParameterTypes().get(0).isEquivalentTo(String.class))
                .orElse(false);
        return owner.getPackageName().matches(".*\\.repository(\\..*)?") && !takesQuery;
    }

    private static ArchCondition<JavaMethod> returnNoEntity() {
        return new ArchCondition<>("return API records, not entities") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                for (JavaClass type : method.getReturnType().getAllInvolvedRawTypes()) {
                    if (isEntity(type)) {
                        events.add(SimpleConditionEvent.violated(
                                method,
                                "%s returns the entity %s %s"
                                        .formatted(
                                                method.getFullName(), type.getName(), method.getSourceCodeLocation())));
                    }
                }
            }
        };
    }

    static boolean isEntity(JavaClass type) {
        return type.isAnnotatedWith("jakarta.persistence.Entity")
                || type.getAllRawSuperclasses().stream()
                        .anyMatch(superclass ->
                                PANACHE_ENTITY.matcher(superclass.getName()).matches());
    }
}
