package io.gitopsflow.local;

import io.gitopsflow.testkit.KeycloakServer;

/**
 * The whole stack with a registry and people signing in through Keycloak, started once for the tests that need it
 * (the web console in a browser, the command line, and the end-to-end test, which pushes to an application of its own,
 * {@link SampleApp#JOURNAL}) and shared by them: another stack would cost the test command half a minute to start and
 * ten seconds to stop. The last test class that uses it in the run's alphabetical order, {@link PipelineEndToEndIT},
 * closes it ({@link #close()}), so it is gone before the registry-less tests ({@code Registryless*IT}, after it in that
 * order) and the chaos test start theirs; a JVM that ends first closes it on its way out. Both shared stacks run on
 * the JVM's one broker and PostgreSQL, so starting one closes the other.
 */
final class OidcStack {

    private static OidcStack shared;

    private final KeycloakServer keycloak;
    private final RunningStack run;

    private OidcStack(KeycloakServer keycloak, RunningStack run) {
        this.keycloak = keycloak;
        this.run = run;
    }

    /** The shared stack, started on first use. */
    static synchronized OidcStack shared() {
        if (shared == null) {
            // two stacks on the shared broker and database would consume each other's records: one at a time
            NoRegistryStack.close();
            // Keycloak starts while the stack does; the console waits for it (quarkus.oidc.connection-delay)
            KeycloakServer launching = KeycloakServer.launchShared();
            SignIn.Provider provider = new SignIn.Provider(
                    launching.issuer(),
                    launching.jwksUrl(),
                    launching.clientId(),
                    launching.clientSecret(),
                    launching::accessToken);
            RunningStack run = RunningStack.start(true, SignIn.oidc(provider));
            shared = new OidcStack(KeycloakServer.shared(), run);
            Runtime.getRuntime().addShutdownHook(new Thread(OidcStack::close, "oidc-stack-stop"));
        }
        return shared;
    }

    /** Stops the shared stack, if it runs. */
    static synchronized void close() {
        if (shared != null) {
            shared.run.close();
            shared = null;
        }
    }

    KeycloakServer keycloak() {
        return keycloak;
    }

    RunningStack run() {
        return run;
    }

    LocalStack stack() {
        return run.stack();
    }
}
