package io.gitopsflow.buildworker.chart;

import io.gitopsflow.buildworker.spec.BuildSpec;
import io.gitopsflow.buildworker.spec.BuildSpecLoader;
import io.gitopsflow.buildworker.spec.InvalidBuildSpecException;
import io.gitopsflow.events.validation.ImageReference;
import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.events.validation.RepositoryPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The chart part of the build spec: build.yaml's {@code chart} (a folder inside the checkout, holding a Chart.yaml) and
 * {@code chartRepository}, or the conventional folders. {@link BuildSpecLoader} reads build.yaml (once) and keeps the
 * two keys as written in the {@link BuildSpec}; this checks them against the checkout.
 */
public final class ChartSpecLoader {

    private ChartSpecLoader() {}

    /**
     * The chart of the commit checked out at {@code checkout}, as its build spec names it; empty when build.yaml names
     * none and no conventional folder holds a Chart.yaml.
     *
     * @param spec the commit's build spec, whose {@code chart} and {@code chartRepository} {@link BuildSpecLoader} read
     * @param repositoryFullName e.g. {@code acme/books-api}, whose name the conventional folders use
     * @throws InvalidBuildSpecException when build.yaml names a chart folder or repository that is invalid or missing
     */
    public static Optional<ChartSpec> load(Path checkout, BuildSpec spec, String repositoryFullName) {
        return load(checkout, spec.chart(), spec.chartRepository(), repositoryFullName);
    }

    /**
     * The chart in {@code folder} (null: a conventional folder) pushed to {@code chartRepository} (null: the
     * convention), as build.yaml writes them.
     */
    static Optional<ChartSpec> load(Path checkout, String folder, String chartRepository, String repositoryFullName) {
        String repository = repository(chartRepository);
        if (folder != null) {
            String relative =
                    folder.endsWith("/") && folder.length() > 1 ? folder.substring(0, folder.length() - 1) : folder;
            if (!Files.isRegularFile(inside(checkout, relative).resolve(ChartYaml.FILE_NAME))) {
                throw new InvalidBuildSpecException(BuildSpecLoader.SPEC_PATH + ": chart "
                        + InvalidNameException.quote(folder) + " holds no " + ChartYaml.FILE_NAME);
            }
            return Optional.of(new ChartSpec(relative, repository));
        }
        String name = repositoryFullName.substring(repositoryFullName.lastIndexOf('/') + 1);
        for (String conventional : List.of("helm/" + name, "charts/" + name)) {
            Path chart;
            try {
                chart = RepositoryPaths.resolveInside(checkout, conventional);
            } catch (InvalidNameException e) {
                continue;
            }
            if (Files.isRegularFile(chart.resolve(ChartYaml.FILE_NAME))) {
                return Optional.of(new ChartSpec(conventional, repository));
            }
        }
        if (repository != null) {
            throw new InvalidBuildSpecException(BuildSpecLoader.SPEC_PATH
                    + ": chartRepository is set but there is no chart (set chart, or use helm/" + name + ")");
        }
        return Optional.empty();
    }

    /** The chart folder inside {@code checkout}, refused when it (or a symbolic link on the way) leads out of it. */
    public static Path inside(Path checkout, String folder) {
        if (folder.equals(".")) {
            return checkout.toAbsolutePath().normalize();
        }
        try {
            return RepositoryPaths.resolveInside(checkout, RepositoryPaths.requireRelative("chart", folder));
        } catch (InvalidNameException e) {
            throw new InvalidBuildSpecException(BuildSpecLoader.SPEC_PATH + ": chart: " + e.getMessage(), e);
        }
    }

    private static String repository(String repository) {
        if (repository == null) {
            return null;
        }
        try {
            ImageReference.requireRepository(repository);
        } catch (InvalidNameException e) {
            throw new InvalidBuildSpecException(BuildSpecLoader.SPEC_PATH + ": chartRepository: " + e.getMessage(), e);
        }
        if (ImageReference.parse(repository).domain() == null) {
            throw new InvalidBuildSpecException(BuildSpecLoader.SPEC_PATH + ": chartRepository "
                    + InvalidNameException.quote(repository) + " must name its registry, e.g. registry.local:5000/"
                    + repository);
        }
        return repository;
    }
}
