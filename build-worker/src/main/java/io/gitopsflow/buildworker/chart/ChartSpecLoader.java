package io.gitopsflow.buildworker.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gitopsflow.buildworker.spec.BuildSpecLoader;
import io.gitopsflow.buildworker.spec.InvalidBuildSpecException;
import io.gitopsflow.events.validation.ImageReference;
import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.events.validation.RepositoryPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The chart part of the build spec: build.yaml's {@code chart} (a folder inside the checkout, holding a Chart.yaml) and
 * {@code chartRepository}, or the conventional folders. Read after {@link BuildSpecLoader} checked build.yaml's shape,
 * so it only checks its own keys.
 */
public final class ChartSpecLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ChartSpecLoader() {}

    /**
     * The chart of the commit checked out at {@code checkout}; empty when build.yaml names none and no conventional
     * folder holds a Chart.yaml.
     *
     * @param repositoryFullName e.g. {@code acme/books-api}, whose name the conventional folders use
     * @throws InvalidBuildSpecException when build.yaml names a chart folder or repository that is invalid or missing
     */
    public static Optional<ChartSpec> load(Path checkout, String repositoryFullName) {
        JsonNode spec = read(checkout);
        String folder = text(spec, "chart");
        String repository = repository(text(spec, "chartRepository"));
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

    private static JsonNode read(Path checkout) {
        Path file = checkout.resolve(BuildSpecLoader.SPEC_PATH);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidBuildSpecException(BuildSpecLoader.SPEC_PATH + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode spec, String key) {
        if (spec == null || !spec.isObject() || !spec.has(key) || spec.get(key).isNull()) {
            return null;
        }
        JsonNode value = spec.get(key);
        if (!value.isValueNode()) {
            throw new InvalidBuildSpecException(
                    BuildSpecLoader.SPEC_PATH + ": " + key + " must be a single value, not a list or mapping");
        }
        return value.asText();
    }
}
