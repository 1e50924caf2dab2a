package io.gitopsflow.promotion.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.spec.pipeline.Pipeline;
import io.gitopsflow.spec.pipeline.PipelineParser;
import io.gitopsflow.spec.pipeline.Stage;
import org.junit.jupiter.api.Test;

/** An idle stage's conclusion holds only on the same definition, candidates and Freight. */
class IdleStagesTest {

    private final IdleStages idle = new IdleStages();

    @Test
    void holdsOnTheSameGroundsOnly() {
        Pipeline pipeline = pipeline("semver");
        Stage dev = pipeline.stages().get(0);
        assertThat(idle.unchanged(pipeline, dev, "3/t/null", "f1")).isFalse();

        idle.nothingToStart(pipeline, dev, "3/t/null", "f1");
        assertThat(idle.unchanged(pipeline, dev, "3/t/null", "f1")).isTrue();
        // the same definition read again
        assertThat(idle.unchanged(pipeline("semver"), dev, "3/t/null", "f1")).isTrue();
        // another candidate set, another Freight in the stage, another ranking
        assertThat(idle.unchanged(pipeline, dev, "4/u/null", "f1")).isFalse();
        assertThat(idle.unchanged(pipeline, dev, "3/t/null", "f2")).isFalse();
        assertThat(idle.unchanged(pipeline, dev, "3/t/null", null)).isFalse();
        assertThat(idle.unchanged(pipeline("lexical"), dev, "3/t/null", "f1")).isFalse();

        idle.forget(pipeline, dev);
        assertThat(idle.unchanged(pipeline, dev, "3/t/null", "f1")).isFalse();
    }

    private static Pipeline pipeline(String strategy) {
        return PipelineParser.parse("idle.yaml", """
                        name: idle
                        warehouse:
                          subscriptions:
                            - image: registry.example.com/acme/idle
                              strategy: %s
                        stages:
                          - name: dev
                            autoPromotion: true
                            targets:
                              - repositoryUrl: https://git.example.com/acme/gitops.git
                                branch: main
                                path: idle/values.yaml
                                kind: helm-values
                                field: image.tag
                        """.formatted(strategy)).get(0);
    }
}
