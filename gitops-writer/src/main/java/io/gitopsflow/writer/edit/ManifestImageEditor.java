package io.gitopsflow.writer.edit;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.GitOpsTarget.EditKind;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.writer.edit.EditResult.FieldChange;
import io.gitopsflow.writer.edit.YamlEditSession.Line;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Sets the {@code image:} of the matching containers and init containers in plain manifests — every workload document
 * of a (multi-document) file: Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod and Argo Rollout.
 * Containers match by name when the target names one, otherwise by image repository (registry host included, tag
 * and digest ignored). Other documents are left alone.
 */
@Singleton
public final class ManifestImageEditor implements ManifestEditor {

    /** Workload kinds by API group, and where their pod spec is. */
    private record Workload(Set<String> groups, List<String> podSpecPath) {}

    private static final List<String> TEMPLATE_SPEC = List.of("spec", "template", "spec");
    private static final Map<String, Workload> WORKLOADS = Map.of(
            "Deployment", new Workload(Set.of("apps", "extensions"), TEMPLATE_SPEC),
            "StatefulSet", new Workload(Set.of("apps"), TEMPLATE_SPEC),
            "DaemonSet", new Workload(Set.of("apps", "extensions"), TEMPLATE_SPEC),
            "ReplicaSet", new Workload(Set.of("apps", "extensions"), TEMPLATE_SPEC),
            "Job", new Workload(Set.of("batch"), TEMPLATE_SPEC),
            "CronJob", new Workload(Set.of("batch"), List.of("spec", "jobTemplate", "spec", "template", "spec")),
            "Pod", new Workload(Set.of(""), List.of("spec")),
            "Rollout", new Workload(Set.of("argoproj.io"), TEMPLATE_SPEC));
    private static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers");

    @Override
    public String name() {
        return "manifest-image";
    }

    @Override
    public EditKind kind() {
        return EditKind.MANIFEST_IMAGE;
    }

    @Override
    public EditResult edit(String fileText, GitOpsTarget target, ImageRef image) {
        if (!ValueFormats.isReference(target.valueFormat())) {
            throw new ManifestEditException("a manifest's image: holds a whole image reference; use the value format"
                    + " reference-tag, reference-digest or reference-tag-digest, not "
                    + ValueFormats.name(target.valueFormat()));
        }
        String value = ValueFormats.value(image, target.valueFormat());
        String containerName = target.field() == null ? null : EditValues.requireContainerName(target.field());
        return setImage(fileText, containerName, image.repository(), value);
    }

    /**
     * Sets {@code image:} to {@code value} in every container named {@code containerName}, or, when it is null, in
     * every container whose image repository is {@code repository}.
     */
    public EditResult setImage(String fileText, String containerName, String repository, String value) {
        EditValues.requireSafeValue(value);
        var session = new YamlEditSession(fileText);
        var search = new ContainerSearch(session, containerName, repository, value);
        for (Node document : session.documents()) {
            if (document instanceof MappingNode root) {
                search.document(root);
            }
        }
        if (search.matches == 0) {
            String wanted = containerName != null
                    ? "named " + InvalidNameException.quote(containerName)
                    : "with image repository " + InvalidNameException.quote(repository);
            throw new ManifestEditException("no container matches: no container or init container " + wanted
                    + " in the " + search.workloads + " workload document(s) of the file");
        }
        if (search.changes.isEmpty()) {
            return EditResult.unchanged(fileText, value);
        }
        return new EditResult(session.result(), true, search.firstPrevious, value, search.changes);
    }

    /** One file's containers, visited in order: the matching ones get the image, and what changed is recorded. */
    private static final class ContainerSearch {

        private final YamlEditSession session;
        private final String containerName;
        private final String repository;
        private final String value;
        private final List<FieldChange> changes = new ArrayList<>();
        private int matches;
        private int workloads;
        private String firstPrevious;

        ContainerSearch(YamlEditSession session, String containerName, String repository, String value) {
            this.session = session;
            this.containerName = containerName;
            this.repository = repository;
            this.value = value;
        }

        /** Visits the container lists of a workload document; other documents are left alone. */
        void document(MappingNode root) {
            MappingNode podSpec = podSpec(session, root);
            if (podSpec == null) {
                return;
            }
            workloads++;
            String workload = session.scalarValue(root, "kind") + " " + metadataName(session, root);
            for (NodeTuple list : podSpec.getValue()) {
                if (!(list.getKeyNode() instanceof ScalarNode listKey)
                        || !CONTAINER_LISTS.contains(listKey.getValue())) {
                    continue;
                }
                Node containers = session.value(list, workload + " " + listKey.getValue());
                if (containers instanceof SequenceNode sequence) {
                    for (Node item : sequence.getValue()) {
                        if (item instanceof MappingNode container) {
                            container(sequence, container, workload + ", " + listKey.getValue());
                        }
                    }
                }
            }
        }

        private void container(SequenceNode sequence, MappingNode container, String list) {
            String name = session.scalarValue(container, "name");
            String where = list + " " + name;
            NodeTuple imageTuple = session.find(container, "image", where + " image");
            String current =
                    imageTuple != null && imageTuple.getValueNode() instanceof ScalarNode s ? s.getValue() : null;
            boolean match = containerName != null
                    ? containerName.equals(name)
                    : current != null && repository.equals(repositoryOf(current));
            if (!match) {
                return;
            }
            if (session.start(container) < session.start(sequence)) {
                throw new ManifestEditException("line " + session.line(sequence) + ": " + where
                        + " is an alias; edit the anchored container instead");
            }
            matches++;
            if (imageTuple == null) {
                session.appendToMapping(
                        container, List.of(new Line(0, "image: " + YamlScalars.renderNew(value))), where);
                changes.add(new FieldChange(
                        "line " + session.line(container) + ": " + where + " (image created)", null, value));
                return;
            }
            Node imageNode = session.value(imageTuple, where + " image");
            if (!(imageNode instanceof ScalarNode scalar)) {
                throw new ManifestEditException("line " + session.line(imageTuple.getKeyNode()) + ": " + where
                        + " image holds " + YamlNodes.describe(imageNode) + ", not a value");
            }
            String previous = YamlScalars.valueOrNull(scalar);
            if (matches == 1) {
                firstPrevious = previous;
            }
            if (session.setScalar(scalar, container, value, where + " image")) {
                changes.add(new FieldChange("line " + session.line(scalar) + ": " + where, previous, value));
            }
        }
    }

    /** The pod spec of a workload document, or null for any other document. */
    private static MappingNode podSpec(YamlEditSession session, MappingNode root) {
        String kind = session.scalarValue(root, "kind");
        String apiVersion = session.scalarValue(root, "apiVersion");
        Workload workload = kind == null ? null : WORKLOADS.get(kind);
        if (workload == null || apiVersion == null) {
            return null;
        }
        int slash = apiVersion.indexOf('/');
        if (!workload.groups().contains(slash < 0 ? "" : apiVersion.substring(0, slash))) {
            return null;
        }
        MappingNode current = root;
        for (String key : workload.podSpecPath()) {
            NodeTuple tuple = session.find(current, key, kind + " " + key);
            if (tuple == null) {
                return null;
            }
            Node value = session.value(tuple, kind + " " + key);
            if (!(value instanceof MappingNode mapping)) {
                return null;
            }
            current = mapping;
        }
        return current;
    }

    private static String metadataName(YamlEditSession session, MappingNode root) {
        for (NodeTuple tuple : root.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key
                    && key.getValue().equals("metadata")
                    && tuple.getValueNode() instanceof MappingNode metadata) {
                String name = session.scalarValue(metadata, "name");
                return name == null ? "(unnamed)" : name;
            }
        }
        return "(unnamed)";
    }

    /** {@code registry/path} of a reference, without {@code :tag} and {@code @digest}. */
    static String repositoryOf(String reference) {
        String name = reference;
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
        }
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf('/')) {
            name = name.substring(0, colon);
        }
        return name;
    }
}
