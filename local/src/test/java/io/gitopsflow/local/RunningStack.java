package io.gitopsflow.local;

import java.nio.file.Path;

/**
 * A local stack started for end-to-end tests and the feed of every event on its topics, closed together. It delivers
 * every {@link SampleApp}, so tests sharing it can each push to an application of their own.
 */
record RunningStack(LocalStack stack, EventFeed feed) implements AutoCloseable {

    /** Starts the stack of the checkout the tests run in, on free ports, with or without a registry. */
    static RunningStack start(boolean useRegistry) {
        return start(useRegistry, SignIn.none());
    }

    /** The same, with people signing in to the console as {@code signIn} says. */
    static RunningStack start(boolean useRegistry, SignIn signIn) {
        LocalStack stack = LocalStack.startShared(
                Path.of(System.getProperty("gitopsflow.root", "..")), useRegistry, signIn, SampleApp.ALL, System.out);
        try {
            return new RunningStack(stack, EventFeed.start(stack.kafka().bootstrapServers()));
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    @Override
    public void close() {
        feed.close();
        stack.close();
    }
}
