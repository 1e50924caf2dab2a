package io.gitopsflow.buildworker.dockerfile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a single-stage Dockerfile builds, with every ARG and ENV reference already substituted.
 *
 * @param baseImage the FROM image as written, or {@code scratch}
 * @param copies the COPY and ADD steps in order
 * @param env the ENV variables in declaration order; a later ENV of the same name wins
 * @param labels the LABELs in declaration order; a later LABEL of the same key wins
 * @param workdir the absolute WORKDIR, or null when the Dockerfile sets none (the base image's applies)
 * @param user the USER {@code user[:group]}, or null when the Dockerfile sets none
 * @param exposedPorts the EXPOSEd ports as {@code port/protocol}, e.g. {@code 8080/tcp}
 * @param entrypoint the ENTRYPOINT in exec form, or null when absent; when set and {@code cmd} is null, docker drops
 *     the base image's CMD, and so must a builder
 * @param cmd the CMD in exec form, or null when absent
 */
public record DockerfilePlan(
        String baseImage,
        List<Copy> copies,
        Map<String, String> env,
        Map<String, String> labels,
        String workdir,
        String user,
        List<String> exposedPorts,
        List<String> entrypoint,
        List<String> cmd) {

    public static final String SCRATCH = "scratch";

    public DockerfilePlan {
        Objects.requireNonNull(baseImage, "baseImage");
        copies = List.copyOf(copies);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        exposedPorts = List.copyOf(exposedPorts);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
    }

    /** Whether the image starts empty ({@code FROM scratch}) rather than from a registry image. */
    public boolean fromScratch() {
        return SCRATCH.equals(baseImage);
    }

    /**
     * One COPY or ADD of files from the build context.
     *
     * @param sources context-relative paths without {@code ..}, {@code .} for the whole context; the last segment may
     *     hold {@code *} or {@code ?} globs
     * @param destination the absolute path in the image; it ends with {@code /} when it names a folder to copy into
     * @param chown the {@code --chown} {@code user[:group]}, or null
     * @param line the Dockerfile line where the instruction starts, for error messages
     */
    public record Copy(List<String> sources, String destination, String chown, int line) {

        public Copy {
            sources = List.copyOf(sources);
            Objects.requireNonNull(destination, "destination");
        }

        /** Whether the destination names a folder the sources are copied into, as docker reads a trailing '/'. */
        public boolean intoDirectory() {
            return destination.endsWith("/");
        }
    }
}
