package io.gitopsflow.local;

/**
 * The stack as {@code ./gitops-flow-local} runs it on a machine without a registry (no sign-in), started once for the
 * tests that need it — the hostile requests (which must change nothing) and the pipeline without a registry — since a
 * second stack would cost the test command half a minute. The last user closes it ({@link #close()}); a JVM that ends
 * first closes it on its way out.
 */
final class NoRegistryStack {

    private static RunningStack shared;

    private NoRegistryStack() {}

    /** The shared stack, started on first use. */
    static synchronized RunningStack shared() {
        if (shared == null) {
            // two stacks on the shared broker and database would consume each other's records: one at a time
            OidcStack.close();
            shared = RunningStack.start(false);
            Runtime.getRuntime().addShutdownHook(new Thread(NoRegistryStack::close, "no-registry-stack-stop"));
        }
        return shared;
    }

    /** Stops the shared stack, if it runs. */
    static synchronized void close() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }
}
