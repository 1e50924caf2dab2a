package io.gitopsflow.console.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The console's own settings ({@code gitops-flow.console.*}). */
@ConfigMapping(prefix = "gitops-flow.console")
public interface ConsoleConfig {

    /**
     * The PostgreSQL schema of the live read model. Point it at a schema a replay rebuilt to switch to that one (the
     * datasource's {@code currentSchema} and Flyway follow it).
     */
    @WithDefault("public")
    String schema();
}
