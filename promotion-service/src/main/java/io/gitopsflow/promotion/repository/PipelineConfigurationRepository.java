package io.gitopsflow.promotion.repository;

import io.gitopsflow.promotion.PipelineConfiguration;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** The definition of each pipeline last published as pipeline-configured, by project. */
@ApplicationScoped
public class PipelineConfigurationRepository implements PanacheRepositoryBase<PipelineConfiguration, String> {}
