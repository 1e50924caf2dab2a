package io.gitopsflow.promotion.repository;

import io.gitopsflow.promotion.AnalysisResult;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** The analysis runs already answered. */
@ApplicationScoped
public class AnalysisResultRepository implements PanacheRepositoryBase<AnalysisResult, String> {}
