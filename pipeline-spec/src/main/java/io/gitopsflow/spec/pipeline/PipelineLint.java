package io.gitopsflow.spec.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks pipeline files offline, before they reach the cluster: the parser promotion-service loads its pipelines
 * folder with, each error with {@code file:line:column}. Files checked together are one folder: a pipeline name
 * declared in two of them is an error, as in the service.
 */
public final class PipelineLint {

    private PipelineLint() {}

    /** Every error of one file (none: the service would load it). */
    public static List<PipelineError> check(Path file) {
        return check(Map.of(file.toString(), file));
    }

    /**
     * Every error of {@code files} read together, as one pipelines folder; each file is named in the errors by its
     * key (e.g. the path as the user wrote it).
     */
    public static List<PipelineError> check(Map<String, Path> files) {
        List<PipelineError> errors = new ArrayList<>();
        Map<String, String> contents = new LinkedHashMap<>();
        files.forEach((name, file) -> {
            try {
                contents.put(name, Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                errors.add(new PipelineError(name, 0, 0, "cannot be read: " + e.getMessage()));
            }
        });
        if (!contents.isEmpty()) {
            try {
                PipelineFolder.parse(contents);
            } catch (PipelineException e) {
                errors.addAll(e.errors());
            }
        }
        return errors;
    }
}
