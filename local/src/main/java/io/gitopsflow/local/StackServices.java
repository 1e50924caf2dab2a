package io.gitopsflow.local;

import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.testkit.TestPostgres;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The instances of the stack's six services, laid out as a Deployment lays out pods: every instance of a service
 * shares its database (created here, fresh for a test's stack) and its consumer group, and has its own port, name
 * ({@code gitops-flow.kafka.instance-id}) and scratch folders; then all are started at once.
 */
final class StackServices {

    /** The environment variable that asks the local run to export its traces: an OTLP/HTTP endpoint. */
    static final String OTLP_ENDPOINT_VARIABLE = "GITOPS_FLOW_OTLP_ENDPOINT";
    /** The same as a system property (tests). */
    static final String OTLP_ENDPOINT_PROPERTY = "gitopsflow.otlp-endpoint";

    private final LocalStack stack;
    private final int replicas;
    private final Map<String, List<ServiceInstance>> instances = new LinkedHashMap<>();

    StackServices(LocalStack stack, String devApplicationUrl, int replicas, boolean fixedPorts, String suffix) {
        this.stack = stack;
        this.replicas = replicas;
        Map<String, List<Integer>> ports = new LinkedHashMap<>();
        LocalStack.SERVICES.forEach((name, port) -> {
            List<Integer> own = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                // the README's ports for the first instance, ten above for each next one
                own.add(fixedPorts ? port + 10 * i : TestFolders.freePort());
            }
            ports.put(name, own);
        });
        Map<String, Map<String, String>> settings = new ServiceSettings(stack, devApplicationUrl, stack.notifications())
                .perService(
                        "http://127.0.0.1:" + ports.get("promotion-service").get(0),
                        "http://127.0.0.1:" + ports.get("analysis-service").get(0),
                        "http://127.0.0.1:" + ports.get("gitops-writer").get(0));
        Map<String, String> common = common();
        for (String name : LocalStack.SERVICES.keySet()) {
            // each service owns its database (its own Flyway history), as in production; a test's stack gets
            // fresh ones, since the JVM's PostgreSQL outlives it and the next stack must not see its promotions
            String database = name.replace('-', '_') + suffix;
            stack.postgres().createDatabase(database);
            Map<String, String> properties = new LinkedHashMap<>(common);
            properties.put("quarkus.datasource.reactive.url", stack.postgres().reactiveUrl(database));
            properties.put("quarkus.datasource.jdbc.url", stack.postgres().jdbcUrl(database));
            properties.putAll(settings.get(name));
            Path jar = stack.root().resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
            List<ServiceInstance> own = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                own.add(new ServiceInstance(
                        name,
                        i,
                        jar,
                        ports.get(name).get(i),
                        jvmOptions(name, i),
                        instanceSettings(name, i, properties),
                        stack.work().resolve("logs")));
            }
            instances.put(name, List.copyOf(own));
        }
    }

    Map<String, List<ServiceInstance>> instances() {
        return instances;
    }

    /** What every service is told: the broker, the database's user, and whose bearer tokens its REST API takes. */
    private Map<String, String> common() {
        Map<String, String> common = new LinkedHashMap<>();
        common.put("kafka.bootstrap.servers", stack.kafka().bootstrapServers());
        common.put("quarkus.datasource.username", TestPostgres.USER);
        common.put("quarkus.datasource.password", TestPostgres.PASSWORD);
        // every service's REST API takes the local users' bearer tokens, or the OpenID Connect provider's (the
        // webhooks take their signatures)
        SignIn.Provider provider = stack.signIn().provider();
        common.put("mp.jwt.verify.issuer", provider == null ? LocalTokens.ISSUER : provider.issuer());
        common.put(
                "mp.jwt.verify.publickey.location",
                provider == null ? stack.tokens().publicKey().toString() : provider.jwksUrl());
        common.putAll(tracing(otlpEndpoint()));
        return common;
    }

    /** Where the services send their spans (OTLP over HTTP), when asked: null, the local run traces nothing. */
    static String otlpEndpoint() {
        String endpoint = System.getProperty(OTLP_ENDPOINT_PROPERTY, System.getenv(OTLP_ENDPOINT_VARIABLE));
        return endpoint == null || endpoint.isBlank() ? null : endpoint.trim();
    }

    /** The tracing settings: the SDK off (no span made, nothing exported, no log), or on and exporting there. */
    static Map<String, String> tracing(String endpoint) {
        if (endpoint == null) {
            return Map.of("quarkus.otel.sdk.disabled", "true");
        }
        return Map.of(
                "quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.exporter.otlp.traces.endpoint", endpoint,
                "quarkus.otel.exporter.otlp.traces.protocol", "http/protobuf");
    }

    /** An instance's own settings: its name (as a pod's), and scratch folders no sibling shares. */
    private Map<String, String> instanceSettings(String service, int index, Map<String, String> shared) {
        Map<String, String> properties = new LinkedHashMap<>(shared);
        String name = service + "-" + index;
        properties.put("gitops-flow.kafka.instance-id", name);
        if ("gitops-writer".equals(service)) {
            properties.put(
                    "gitops-flow.writer.work-directory",
                    folder("writer-clones/" + name).toString());
        }
        return properties;
    }

    /**
     * An instance's JVM options: the stack's, and a temporary folder of its own. The folders the services default to
     * ({@code ${java.io.tmpdir}/gitops-flow-…}: build-worker's clones, promotion-service's pipelines checkout) are
     * then no sibling's and no other stack's on the machine; set as a setting instead, the JVM's own
     * {@code java.io.tmpdir} (a system property, read before any setting) won, and two stacks shared one checkout.
     */
    private List<String> jvmOptions(String service, int index) {
        List<String> options =
                new ArrayList<>(List.of(LocalStack.JVM_OPTIONS.trim().split("\\s+")));
        options.add("-Djava.io.tmpdir=" + folder("tmp/" + service + "-" + index));
        return options;
    }

    private Path folder(String relative) {
        Path folder = stack.work().resolve(relative);
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
    }

    /**
     * Starts every instance at once and waits for all, noting when each service's last instance was ready; the first
     * failure is thrown with the others suppressed.
     */
    void startAll(Map<String, Long> readyMillis, long started, PrintStream out) {
        List<ServiceInstance> all = new ArrayList<>();
        instances.values().forEach(all::addAll);
        ExecutorService starting = Executors.newFixedThreadPool(all.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (ServiceInstance instance : all) {
                futures.add(starting.submit(() -> {
                    instance.start();
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    synchronized (readyMillis) {
                        readyMillis.merge(instance.service(), millis, Math::max);
                    }
                    out.printf(
                            "  %-20s ready at %s after %,d ms (log %s)%n",
                            replicas == 1 ? instance.service() : instance.name(),
                            instance.url(),
                            millis,
                            instance.log());
                }));
            }
            RuntimeException failure = null;
            for (Future<?> future : futures) {
                RuntimeException cause = failureOf(future);
                if (cause != null && failure == null) {
                    failure = cause;
                } else if (cause != null) {
                    failure.addSuppressed(cause);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            starting.shutdown();
        }
    }

    private static RuntimeException failureOf(Future<?> future) {
        try {
            future.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the services", e);
        }
    }
}
