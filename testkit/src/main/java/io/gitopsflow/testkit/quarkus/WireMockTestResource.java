package io.gitopsflow.testkit.quarkus;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * Starts WireMock on a dynamic loopback port for a {@code @QuarkusTest} — the stand-in for a third-party REST API
 * (Git providers' pull requests, metric providers) — sets {@code gitops-flow.test.wiremock.url} and injects the
 * {@link WireMockServer} into test fields annotated {@link InjectWireMock}. The module must depend on
 * {@code org.wiremock:wiremock-standalone} itself.
 */
public final class WireMockTestResource implements QuarkusTestResourceLifecycleManager {

    /** Marks a {@link WireMockServer} field of a test to receive the running server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectWireMock {}

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return Map.of("gitops-flow.test.wiremock.url", server.baseUrl());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(
                server, new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
