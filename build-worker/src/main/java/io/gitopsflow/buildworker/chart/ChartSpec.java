package io.gitopsflow.buildworker.chart;

import io.gitopsflow.events.validation.ImageReference;
import io.gitopsflow.events.validation.InvalidNameException;
import java.util.Locale;

/**
 * Where a repository's Helm chart is and where it is pushed: build.yaml's {@code chart} and {@code chartRepository},
 * or the convention ({@code helm/<repository name>} or {@code charts/<repository name>}, pushed to
 * {@code <registry>/<owner>/charts/<chart name>}).
 *
 * @param folder the repository-relative chart folder, e.g. {@code helm/books-api}
 * @param repository the OCI repository to push to, {@code <registry>/<path>/<chart name>}; null: the convention
 */
public record ChartSpec(String folder, String repository) {

    /**
     * The OCI repository the chart named {@code chartName} is pushed to: build.yaml's, whose last segment must be the
     * chart's name (as {@code helm push} names it), or {@code <registry>/<owner>/charts/<chart name>}.
     */
    public String repositoryFor(String chartName, String registry, String repositoryFullName) {
        if (repository != null) {
            String last = repository.substring(repository.lastIndexOf('/') + 1);
            if (!last.equals(chartName)) {
                throw new ChartException("chartRepository " + InvalidNameException.quote(repository)
                        + " must end with the chart's name " + chartName + ", as helm push names it");
            }
            return repository;
        }
        String owner =
                repositoryFullName.substring(0, repositoryFullName.indexOf('/')).toLowerCase(Locale.ROOT);
        String conventional = registry + "/" + owner + "/charts/" + chartName;
        try {
            return ImageReference.requireRepository(conventional);
        } catch (InvalidNameException e) {
            throw new ChartException("the owner and chart name do not make an OCI repository (" + e.getMessage()
                    + "); set chartRepository in .gitops-flow/build.yaml");
        }
    }
}
