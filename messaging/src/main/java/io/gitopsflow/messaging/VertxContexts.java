package io.gitopsflow.messaging;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** Running reactive work on a Vert.x context of its own, as Hibernate Reactive needs. */
public final class VertxContexts {

    private VertxContexts() {}

    /**
     * Runs {@code work} on a new duplicated context marked safe: each unit of work (a build, a batch of writes) gets its
     * own Hibernate Reactive session, whatever else runs at the same time. The caller's trace context (a consumed
     * record's span) is the new context's for the whole work, so what the work stores or sends stays in its trace.
     */
    public static <T> Uni<T> onNewContext(Vertx vertx, Supplier<Uni<T>> work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return Uni.createFrom().emitter(emitter -> {
            io.opentelemetry.context.Context trace = io.opentelemetry.context.Context.current();
            context.runOnContext(ignored -> {
                // never closed: the duplicated context is this work's alone and ends with it
                trace.makeCurrent();
                work.get().subscribe().with(emitter::complete, emitter::fail);
            });
        });
    }

    /** An executor that runs on the current Vert.x context: to come back there after blocking work on a worker. */
    public static Executor current() {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("not on a Vert.x context");
        }
        return command -> context.runOnContext(ignored -> command.run());
    }

    /**
     * An executor that brings work back to where the caller runs now: its Vert.x context (on a worker thread when the
     * caller is blocking work), or the caller's own thread when there is no context (plain unit tests).
     */
    public static Executor backHere() {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Runnable::run;
        }
        if (Context.isOnWorkerThread()) {
            return command -> context.executeBlocking(
                    () -> {
                        command.run();
                        return null;
                    },
                    false);
        }
        return command -> context.runOnContext(ignored -> command.run());
    }
}
