package io.gitopsflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The JDKs of this machine, for servers the testkit runs on a newer Java than the build's (Keycloak needs 21+, the
 * build runs on 17): found by the {@code release} file each JDK under {@code /usr/lib/jvm} carries.
 */
public final class JavaHomes {

    /** Where Debian and the Temurin packages install JDKs. */
    public static final Path JVM_FOLDER = Path.of("/usr/lib/jvm");

    private JavaHomes() {}

    /**
     * A JDK of at least {@code feature}: {@code configured} when given (and it has a {@code bin/java}), else this JVM
     * when new enough, else the newest one under {@link #JVM_FOLDER}.
     */
    public static Optional<Path> atLeast(int feature, String configured) {
        if (configured != null) {
            return Optional.of(Path.of(configured)).filter(JavaHomes::hasJava);
        }
        if (Runtime.version().feature() >= feature) {
            return Optional.of(Path.of(System.getProperty("java.home")));
        }
        if (!Files.isDirectory(JVM_FOLDER)) {
            return Optional.empty();
        }
        try (Stream<Path> jdks = Files.list(JVM_FOLDER)) {
            return jdks.filter(JavaHomes::hasJava)
                    .filter(jdk -> featureVersion(jdk) >= feature)
                    .max(Comparator.comparingInt(JavaHomes::featureVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean hasJava(Path jdk) {
        return Files.isExecutable(jdk.resolve("bin/java"));
    }

    /** The feature version in the JDK's {@code release} file ({@code JAVA_VERSION="25.0.3"} is 25), else 0. */
    public static int featureVersion(Path jdk) {
        try (Stream<String> lines = Files.lines(jdk.resolve("release"))) {
            return lines.filter(line -> line.startsWith("JAVA_VERSION="))
                    .map(line -> line.substring("JAVA_VERSION=".length()).replace("\"", ""))
                    .map(version -> version.startsWith("1.") ? version.substring(2) : version)
                    .map(version -> version.split("[^0-9]", 2)[0])
                    .filter(version -> !version.isEmpty())
                    .mapToInt(Integer::parseInt)
                    .findFirst()
                    .orElse(0);
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
