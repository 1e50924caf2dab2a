package io.gitopsflow.writer.edit;

import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.GitOpsTarget.EditKind;
import io.gitopsflow.events.GitOpsTarget.ValueFormat;
import io.gitopsflow.events.git.RepositoryUrls;
import io.gitopsflow.events.validation.InvalidNameException;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Points an Argo CD Application at a chart version or a Git commit by its {@code targetRevision} in the GitOps
 * repository — never in the cluster, Git stays the only writer. The source is {@code spec.source}, the
 * {@code spec.sources} entry the field names ({@code sources[<i>]}), or the one entry that is the artifact's: for a
 * chart its {@code chart} is the chart's name and its {@code repoURL} the chart's registry path (Argo CD writes an OCI
 * Helm repository {@code registry/path} or {@code oci://registry/path}), or, without {@code chart}, its {@code repoURL}
 * is the chart's own {@code oci://registry/path/name} (Argo CD 3.1's OCI source); for a commit its {@code repoURL} is
 * the commit's repository ({@code .git} ignored). A source that is not the artifact's is refused, not written.
 */
@Singleton
public final class ArgoCdTargetRevisionEditor implements ManifestEditor {

    private static final Pattern SOURCES_INDEX = Pattern.compile("sources\\[(0|[1-9][0-9]{0,3})]");
    private static final String TARGET_REVISION = "targetRevision";

    @Override
    public String name() {
        return "argocd-target-revision";
    }

    @Override
    public EditKind kind() {
        return EditKind.ARGOCD_TARGET_REVISION;
    }

    @Override
    public EditResult edit(String fileText, GitOpsTarget target, Artifact artifact) {
        String value = revision(artifact, target.valueFormat());
        Integer index = index(target.field());
        var session = new YamlEditSession(fileText);
        MappingNode spec = spec(session, application(session));
        Source source = index != null ? numbered(session, spec, index, artifact) : matching(session, spec, artifact);
        return YamlFields.set(session, source.mapping(), source.where(), TARGET_REVISION, value);
    }

    /** The chart's version or the commit's full SHA; an image has no place in an Application's targetRevision. */
    private String revision(Artifact artifact, ValueFormat format) {
        if (artifact instanceof Artifact.Image) {
            throw new ManifestEditException(name() + " writes a chart version or a commit, but this request promotes an"
                    + " " + artifact.description() + "; write images with helm-values, kustomize-image or"
                    + " manifest-image");
        }
        if (artifact instanceof Artifact.Chart && format != ValueFormat.TAG) {
            throw new ManifestEditException("an Application's targetRevision holds a chart's version: use the value"
                    + " format tag, not " + ValueFormats.name(format));
        }
        return ValueFormats.value(artifact, format);
    }

    private static Integer index(String field) {
        if (field == null) {
            return null;
        }
        Matcher matcher = SOURCES_INDEX.matcher(field);
        if (!matcher.matches()) {
            throw new ManifestEditException("invalid field " + InvalidNameException.quote(field)
                    + ": argocd-target-revision takes no field (spec.source, or the spec.sources entry of the"
                    + " artifact) or sources[<index>]");
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** The one Argo CD Application document of the file. */
    private static MappingNode application(YamlEditSession session) {
        List<MappingNode> applications = new ArrayList<>();
        for (Node document : session.documents()) {
            if (document instanceof MappingNode mapping
                    && "Application".equals(session.scalarValue(mapping, "kind"))
                    && String.valueOf(session.scalarValue(mapping, "apiVersion"))
                            .startsWith("argoproj.io/")) {
                applications.add(mapping);
            }
        }
        if (applications.isEmpty()) {
            throw new ManifestEditException("no Argo CD Application (apiVersion argoproj.io/..., kind: Application)"
                    + " among the " + session.documents().size() + " YAML document(s) of the file");
        }
        if (applications.size() > 1) {
            throw new ManifestEditException("the file holds " + applications.size() + " Argo CD Applications (lines "
                    + String.join(
                            ", ",
                            applications.stream().map(a -> "" + session.line(a)).toList())
                    + "); keep the one whose targetRevision gitops-flow writes in a file of its own");
        }
        return applications.get(0);
    }

    private static MappingNode spec(YamlEditSession session, MappingNode application) {
        NodeTuple tuple = session.find(application, "spec", "spec");
        Node spec = tuple == null ? null : session.value(tuple, "spec");
        if (!(spec instanceof MappingNode mapping)) {
            throw new ManifestEditException(
                    "line " + session.line(application) + ": the Application has no spec" + " mapping");
        }
        return mapping;
    }

    /** {@code spec.sources[index]}, checked to be the artifact's. */
    private static Source numbered(YamlEditSession session, MappingNode spec, int index, Artifact artifact) {
        List<Node> entries = sources(session, spec);
        if (entries == null) {
            throw new ManifestEditException("line " + session.line(spec) + ": the field names sources[" + index
                    + "], but the Application has no spec.sources list");
        }
        if (index >= entries.size()) {
            throw new ManifestEditException("line " + session.line(spec) + ": spec.sources has " + entries.size()
                    + " entries, so sources[" + index + "] does not exist");
        }
        String where = "spec.sources[" + index + "]";
        Source source = new Source(entry(session, entries.get(index), where), where);
        requireArtifactsSource(session, source, artifact);
        return source;
    }

    /** {@code spec.source}, or the one {@code spec.sources} entry that is the artifact's. */
    private static Source matching(YamlEditSession session, MappingNode spec, Artifact artifact) {
        List<Node> entries = sources(session, spec);
        if (entries == null) {
            NodeTuple tuple = session.find(spec, "source", "spec.source");
            if (tuple == null) {
                throw new ManifestEditException(
                        "line " + session.line(spec) + ": the Application has neither spec.source nor spec.sources");
            }
            Source source =
                    new Source(entry(session, session.value(tuple, "spec.source"), "spec.source"), "spec.source");
            requireArtifactsSource(session, source, artifact);
            return source;
        }
        List<Source> found = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i) instanceof MappingNode entry && isArtifactsSource(session, entry, artifact)) {
                found.add(new Source(entry(session, entry, "spec.sources[" + i + "]"), "spec.sources[" + i + "]"));
            }
        }
        if (found.size() != 1) {
            String wanted = wanted(artifact);
            throw new ManifestEditException("line " + session.line(spec) + ": "
                    + (found.isEmpty()
                            ? "no entry of spec.sources is " + wanted
                            : found.size() + " entries of spec.sources are " + wanted + " ("
                                    + String.join(
                                            ", ",
                                            found.stream().map(Source::where).toList())
                                    + "); name one with the field sources[<index>]"));
        }
        return found.get(0);
    }

    /** The entries of {@code spec.sources}, or null when the Application has none (Argo CD then reads spec.source). */
    private static List<Node> sources(YamlEditSession session, MappingNode spec) {
        NodeTuple tuple = session.find(spec, "sources", "spec.sources");
        if (tuple == null) {
            return null;
        }
        Node sources = session.value(tuple, "spec.sources");
        if (YamlNodes.isEmptyNull(sources)) {
            return null;
        }
        if (!(sources instanceof SequenceNode sequence)) {
            throw new ManifestEditException("line " + session.line(tuple.getKeyNode()) + ": spec.sources holds "
                    + YamlNodes.describe(sources) + ", not a list");
        }
        return sequence.getValue().isEmpty() ? null : sequence.getValue();
    }

    private static MappingNode entry(YamlEditSession session, Node node, String where) {
        if (!(node instanceof MappingNode mapping)) {
            throw new ManifestEditException("line " + session.line(node) + ": " + where + " holds "
                    + YamlNodes.describe(node) + ", not a" + " source mapping");
        }
        return mapping;
    }

    /** A chart must be the source's {@code chart}; a commit must be of the source's {@code repoURL}. */
    private static void requireArtifactsSource(YamlEditSession session, Source source, Artifact artifact) {
        String chart = session.scalarValue(source.mapping(), "chart");
        String repoUrl = session.scalarValue(source.mapping(), "repoURL");
        if (artifact instanceof Artifact.Chart promoted) {
            if (!promoted.chart().name().equals(chart) && !(chart == null && isOciSource(repoUrl, promoted.chart()))) {
                throw new ManifestEditException("line " + session.line(source.mapping()) + ": " + source.where()
                        + " is "
                        + (chart == null
                                ? "not a Helm chart source (no chart:, repoURL not "
                                        + quote(promoted.chart().ociUrl()) + ")"
                                : "chart " + quote(chart))
                        + ", not the promoted chart " + quote(promoted.chart().name()));
            }
        } else if (chart != null
                || !RepositoryUrls.sameRepository(
                        repoUrl, ((Artifact.Commit) artifact).commit().repositoryUrl())) {
            throw new ManifestEditException("line " + session.line(source.mapping()) + ": " + source.where()
                    + (chart != null ? " is a Helm chart source" : " is repoURL " + quote(String.valueOf(repoUrl)))
                    + ", not " + wanted(artifact));
        }
    }

    private static boolean isArtifactsSource(YamlEditSession session, MappingNode entry, Artifact artifact) {
        String chart = session.scalarValue(entry, "chart");
        String repoUrl = session.scalarValue(entry, "repoURL");
        if (artifact instanceof Artifact.Chart promoted) {
            return promoted.chart().name().equals(chart) && isRegistryPath(repoUrl, promoted.chart())
                    || chart == null && isOciSource(repoUrl, promoted.chart());
        }
        return chart == null
                && RepositoryUrls.sameRepository(
                        repoUrl, ((Artifact.Commit) artifact).commit().repositoryUrl());
    }

    /** Argo CD's OCI Helm {@code repoURL}: the chart repository without its last segment, with or without oci://. */
    static boolean isRegistryPath(String repoUrl, ChartRef chart) {
        if (repoUrl == null) {
            return false;
        }
        String path = stripSuffix(repoUrl.startsWith("oci://") ? repoUrl.substring("oci://".length()) : repoUrl, "/");
        String repository = chart.repository();
        return path.equals(repository.substring(0, repository.lastIndexOf('/')));
    }

    /** Argo CD 3.1's OCI source: {@code repoURL} is the chart's own repository, {@code oci://registry/path/name}. */
    private static boolean isOciSource(String repoUrl, ChartRef chart) {
        return repoUrl != null && stripSuffix(repoUrl, "/").equals(chart.ociUrl());
    }

    private static String stripSuffix(String text, String suffix) {
        return text.endsWith(suffix) ? text.substring(0, text.length() - suffix.length()) : text;
    }

    private static String wanted(Artifact artifact) {
        if (artifact instanceof Artifact.Chart promoted) {
            String repository = promoted.chart().repository();
            return "chart " + quote(promoted.chart().name()) + " from "
                    + quote(repository.substring(0, repository.lastIndexOf('/')));
        }
        return "a Git source of " + quote(((Artifact.Commit) artifact).commit().repositoryUrl());
    }

    private static String quote(String value) {
        return InvalidNameException.quote(value);
    }

    /** The source mapping to write, and where it is, for messages. */
    private record Source(MappingNode mapping, String where) {}
}
