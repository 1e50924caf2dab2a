package io.gitopsflow.analysis.job;

import io.gitopsflow.testkit.TestFolders;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A templates folder of argo-rollouts' own job templates (src/test/resources/job-samples, unchanged), one that keeps
 * only the newest Jobs (the examples' {@code pass} with a measurementRetention), and the deploy sample's test Jobs.
 */
public class JobTemplatesTestResource implements QuarkusTestResourceLifecycleManager {

    /** The samples the folder holds, unchanged. */
    public static final List<String> SAMPLES = List.of(
            "examples_analysis-templates.yaml",
            "examples_cluster-analysis-templates.yaml",
            "test_e2e_functional_analysistemplate-long-running-job.yaml",
            "test_e2e_functional_analysistemplate-invalid-image-job.yaml");

    /** The deploy sample's templates folder, as {@code kubectl apply -k deploy} ships it. */
    public static final Path DEPLOY_FOLDER = Path.of("..", "deploy", "config", "analysis-templates");

    /** The deploy sample's Job templates the staging and prod stages of its pipeline name. */
    public static final List<String> DEPLOY_TEMPLATES =
            List.of("integration-tests.yaml", "smoke-tests.yaml", "performance-tests.yaml");

    @Override
    public Map<String, String> start() {
        try {
            Path folder = TestFolders.newFolder("job-templates");
            for (String sample : SAMPLES) {
                Files.writeString(folder.resolve(sample), sample(sample));
            }
            // the examples' pass, four times 1 s apart, keeping the newest two measurements (and Jobs)
            Files.writeString(
                    folder.resolve("kept.yaml"),
                    sample("examples_analysis-templates.yaml")
                            .split("\n---\n")[1]
                            .replace(
                                    "name: pass\nspec:",
                                    "name: pass-kept\nspec:\n  measurementRetention:\n"
                                            + "  - metricName: pass\n    limit: 2")
                            .replace("count: 1\n    interval: 5s", "count: 4\n    interval: 1s"));
            // the deploy sample's test templates (seed 002's integration, smoke and performance tests), as shipped
            for (String shipped : DEPLOY_TEMPLATES) {
                Files.copy(DEPLOY_FOLDER.resolve(shipped), folder.resolve(shipped));
            }
            return Map.of(
                    "gitops-flow.analysis.templates-dir",
                    folder.toString(),
                    // the project catalog's runs measure in the namespace books
                    "gitops-flow.analysis.kubernetes.namespaces.\"catalog\"",
                    "books");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {}

    public static String sample(String name) {
        try (InputStream in = JobTemplatesTestResource.class.getResourceAsStream("/job-samples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
