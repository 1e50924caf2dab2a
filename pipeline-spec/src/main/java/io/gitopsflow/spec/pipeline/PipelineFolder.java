package io.gitopsflow.spec.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads every pipeline file of a folder. Only the folder's own regular files ending in {@code .yaml}/{@code .yml}
 * count, and names starting with a dot are skipped: a mounted ConfigMap keeps its older versions in hidden
 * {@code ..data} folders.
 */
public final class PipelineFolder {

    private PipelineFolder() {}

    /** The contents of the folder's pipeline files, by file name, sorted. */
    public static Map<String, String> read(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new PipelineException(
                    List.of(new PipelineError(folder.toString(), 0, 0, "the pipelines folder does not exist")));
        }
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path file : entries.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!name.startsWith(".")
                        && (name.endsWith(".yaml") || name.endsWith(".yml"))
                        && Files.isRegularFile(file)) {
                    files.put(name, Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pipelines folder " + folder, e);
        }
        return files;
    }

    /** A fingerprint of the files: changes when any file is added, removed or edited. */
    public static String fingerprint(Map<String, String> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            files.forEach((name, content) -> {
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(content.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pipelines of all files; throws {@link PipelineException} with every error of every file. */
    public static Map<String, Pipeline> parse(Map<String, String> files) {
        List<PipelineError> errors = new ArrayList<>();
        Map<String, Pipeline> pipelines = new LinkedHashMap<>();
        if (files.isEmpty()) {
            errors.add(new PipelineError("(pipelines folder)", 0, 0, "holds no pipeline file (*.yaml, *.yml)"));
        }
        files.forEach((file, content) -> {
            try {
                for (Pipeline pipeline : PipelineParser.parse(file, content)) {
                    Pipeline earlier = pipelines.putIfAbsent(pipeline.name(), pipeline);
                    if (earlier != null) {
                        errors.add(new PipelineError(
                                file,
                                0,
                                0,
                                "pipeline " + pipeline.name() + " is already declared in " + earlier.file()));
                    }
                }
            } catch (PipelineException e) {
                errors.addAll(e.errors());
            }
        });
        if (!errors.isEmpty()) {
            throw new PipelineException(errors);
        }
        return pipelines;
    }
}
