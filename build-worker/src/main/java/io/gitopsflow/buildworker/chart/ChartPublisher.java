package io.gitopsflow.buildworker.chart;

import io.gitopsflow.buildworker.builder.JibImageBuilder.RegistryCredentials;
import io.gitopsflow.buildworker.config.BuildWorkerConfig;
import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.validation.InvalidNameException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The chart step of a release build: a push of a tag {@code vX.Y.Z} whose repository has a chart gets the chart with
 * {@code version} and {@code appVersion} X.Y.Z, packaged as {@code helm package} does and pushed as a Helm chart
 * artifact; any other build has no chart step. Blocking (file and registry I/O), run by the build pipeline after the
 * image is pushed, so a chart never names an application version whose image is not there.
 */
@ApplicationScoped
public class ChartPublisher {

    /** A chart name that is also one OCI repository path component, as {@code helm push} needs it. */
    private static final Pattern CHART_NAME = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");

    private static final long MAX_CHART_YAML_BYTES = 256 * 1024;

    private final String registry;
    private final OciChartPusher pusher;
    private final Optional<Path> archives;

    @Inject
    public ChartPublisher(BuildWorkerConfig config) {
        this(
                config.registry(),
                new OciChartPusher(config.allowInsecureRegistries(), RegistryCredentials.of(config)),
                config.ociArchiveDirectory().map(Path::of));
    }

    /**
     * @param registry the registry charts are pushed to by convention
     * @param archives where no registry runs: the package is written there as {@code <repository>/<name>-<version>.tgz}
     */
    public ChartPublisher(String registry, OciChartPusher pusher, Optional<Path> archives) {
        this.registry = registry;
        this.pusher = pusher;
        this.archives = archives;
    }

    /** Whether {@code push} is a release whose chart (if the repository has one) is packaged. */
    public static boolean releases(CommitPushed push) {
        return ReleaseVersion.of(push).isPresent();
    }

    /**
     * Packages and pushes the chart of the commit checked out at {@code workTree}, when {@code push} is a release tag.
     *
     * @return the pushed chart; empty when the push is no release or the repository has no chart
     * @throws ChartException when the chart is invalid (terminal) or the registry is down ({@code transientFailure})
     */
    public Optional<ChartRef> publish(Path workTree, CommitPushed push, Optional<ChartSpec> spec) {
        Optional<String> version = ReleaseVersion.of(push);
        if (version.isEmpty() || spec.isEmpty()) {
            return Optional.empty();
        }
        Path folder = ChartSpecLoader.inside(workTree, spec.get().folder());
        String edited = ChartYaml.withVersion(read(folder.resolve(ChartYaml.FILE_NAME)), version.get());
        Map<String, Object> metadata = ChartYaml.metadata(edited);
        String name = validName(metadata);
        String repository =
                spec.get().repositoryFor(name, registry, push.repository().fullName());
        Instant created = push.receivedAt() == null ? Instant.now() : push.receivedAt();
        byte[] content = ChartPackage.pack(folder, workTree, name, edited, created);
        HelmChartArtifact artifact = HelmChartArtifact.of(metadata, content, created);
        String digest = archives.isPresent() ? archive(repository, artifact) : pusher.push(repository, artifact);
        return Optional.of(new ChartRef(repository, version.get(), digest));
    }

    private static String validName(Map<String, Object> metadata) {
        Object apiVersion = metadata.get("apiVersion");
        if (!"v2".equals(apiVersion) && !"v1".equals(apiVersion)) {
            throw new ChartException(ChartYaml.FILE_NAME + ": apiVersion must be v2 (or v1), not "
                    + InvalidNameException.quote(String.valueOf(apiVersion)));
        }
        Object name = metadata.get("name");
        if (!(name instanceof String text) || !CHART_NAME.matcher(text).matches() || text.length() > 250) {
            throw new ChartException(ChartYaml.FILE_NAME + ": name " + InvalidNameException.quote(String.valueOf(name))
                    + " is no valid chart name: lower-case letters and digits, separated by '.', '_' or '-'");
        }
        return text;
    }

    private static String read(Path chartYaml) {
        try {
            if (Files.size(chartYaml) > MAX_CHART_YAML_BYTES) {
                throw new ChartException(ChartYaml.FILE_NAME + " is larger than " + MAX_CHART_YAML_BYTES + " bytes");
            }
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(chartYaml)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ChartException(ChartYaml.FILE_NAME + " is not UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + chartYaml, e);
        }
    }

    /** Writes the package where images are written as archives; the digest is the manifest's a push would store. */
    private String archive(String repository, HelmChartArtifact artifact) {
        Path file = archives.orElseThrow()
                .resolve(repository)
                .resolve(artifact.name() + "-" + artifact.version() + ".tgz")
                .normalize();
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, artifact.content());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return artifact.manifestDigest();
    }
}
