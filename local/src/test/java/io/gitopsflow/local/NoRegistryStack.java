package io.gitopsflow.local;

/**
 * The stack as {@code ./gitops-flow-local} runs it on a machine without a registry (no sign-in), started once for the
 * tests that need it — the hostile requests (which must change nothing) and the pipeline without a registry — since a
 * second stack would cost the test command half a minute. The last user closes it ({@link #close()}); a JVM that ends
 * first closes it on its way out. Its services export their spans to an {@link OtlpReceiver} in this JVM, so one of
 * its tests follows a push's trace without a stack of its own.
 */
final class NoRegistryStack {

    private static RunningStack shared;
    private static OtlpReceiver traces;

    private NoRegistryStack() {}

    /** The shared stack, started on first use. */
    static synchronized RunningStack shared() {
        if (shared == null) {
            // two stacks on the shared broker and database would consume each other's records: one at a time
            OidcStack.close();
            traces = OtlpReceiver.start();
            String before = System.setProperty(StackServices.OTLP_ENDPOINT_PROPERTY, traces.tracesEndpoint());
            try {
                shared = RunningStack.start(false);
            } finally {
                restore(before);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(NoRegistryStack::close, "no-registry-stack-stop"));
        }
        return shared;
    }

    /** The spans the shared stack's services exported. */
    static synchronized OtlpReceiver traces() {
        shared();
        return traces;
    }

    /** Stops the shared stack, if it runs. */
    static synchronized void close() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
        if (traces != null) {
            traces.close();
            traces = null;
        }
    }

    private static void restore(String endpoint) {
        if (endpoint == null) {
            System.clearProperty(StackServices.OTLP_ENDPOINT_PROPERTY);
        } else {
            System.setProperty(StackServices.OTLP_ENDPOINT_PROPERTY, endpoint);
        }
    }
}
