package io.gitopsflow.buildworker.spec;

import io.gitopsflow.events.validation.InvalidNameException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One platform an image is built for, as build.yaml's {@code platforms} writes it: {@code os/architecture[/variant]},
 * with the names the OCI image index uses ({@code linux/amd64}, {@code linux/arm64}, {@code linux/arm/v7}). Only known
 * values pass, so a typo ({@code linux/x86_64}) fails the spec instead of a build that looks for a platform no base
 * image lists.
 *
 * @param os the operating system; build-worker builds Linux images only
 * @param architecture the CPU architecture, e.g. {@code arm64}
 * @param variant the CPU variant, e.g. {@code v7}; null when none is written
 */
public record Platform(String os, String architecture, String variant) {

    private static final Set<String> OPERATING_SYSTEMS = Set.of("linux");

    /** Architecture → the variants it may have (the OCI image index's values). */
    private static final Map<String, Set<String>> ARCHITECTURES = Map.of(
            "amd64", Set.of("v1", "v2", "v3", "v4"),
            "arm64", Set.of("v8"),
            "arm", Set.of("v5", "v6", "v7"),
            "386", Set.of(),
            "ppc64le", Set.of(),
            "s390x", Set.of(),
            "riscv64", Set.of());

    /** Names other tools print for an architecture, so the message can say what to write instead. */
    private static final Map<String, String> ALIASES = Map.of(
            "x86_64", "amd64", "x86-64", "amd64", "aarch64", "arm64", "armhf", "arm/v7", "i386", "386", "i686", "386");

    // after the tables above: the constructor checks against them
    /** What build-worker builds when build.yaml names no platform (Jib's default too). */
    public static final Platform DEFAULT = new Platform("linux", "amd64", null);

    public Platform {
        String written = os + "/" + architecture + (variant == null ? "" : "/" + variant);
        if (!OPERATING_SYSTEMS.contains(os)) {
            throw new InvalidNameException(
                    "platform", written, "the os must be linux (build-worker builds Linux images)");
        }
        if (!ARCHITECTURES.containsKey(architecture)) {
            String alias = ALIASES.get(architecture);
            throw new InvalidNameException(
                    "platform",
                    written,
                    alias != null
                            ? "write " + os + "/" + alias + " (the OCI name of " + architecture + ")"
                            : "unknown architecture; known: "
                                    + String.join(
                                            ", ",
                                            ARCHITECTURES.keySet().stream()
                                                    .sorted()
                                                    .toList()));
        }
        if (variant != null && !ARCHITECTURES.get(architecture).contains(variant)) {
            throw new InvalidNameException("platform", written, "unknown variant of " + architecture);
        }
    }

    /**
     * {@code os/architecture[/variant]}, e.g. {@code linux/arm64}.
     *
     * @throws InvalidNameException when it is not of that shape or names an unknown value
     */
    public static Platform parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 40) {
            throw new InvalidNameException("platform", text, "must be os/architecture[/variant], e.g. linux/arm64");
        }
        String[] parts = text.split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new InvalidNameException("platform", text, "must be os/architecture[/variant], e.g. linux/arm64");
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /**
     * build.yaml's {@code platforms}: a non-empty list of distinct platforms, in the order written.
     *
     * @throws InvalidNameException when it is not such a list or a platform is invalid or written twice
     */
    public static List<Platform> listOf(Object value) {
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidNameException(
                    "platforms", String.valueOf(value), "must be a list such as [linux/amd64, linux/arm64]");
        }
        List<Platform> platforms = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String text)) {
                throw new InvalidNameException(
                        "platforms", String.valueOf(value), "must be a list such as [linux/amd64, linux/arm64]");
            }
            Platform platform = parse(text);
            if (platforms.contains(platform)) {
                throw new InvalidNameException("platform", text, "is listed twice");
            }
            platforms.add(platform);
        }
        return List.copyOf(platforms);
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
