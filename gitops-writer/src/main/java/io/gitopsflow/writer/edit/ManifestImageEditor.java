package io.gitopsflow.writer.edit;

import io.gitopsflow.events.GitOpsTarget;
import io.gitopsflow.events.GitOpsTarget.EditKind;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.writer.edit.EditResult.FieldChange;
import io.gitopsflow.writer.edit.WorkloadContainers.Container;
import io.gitopsflow.writer.edit.YamlEditSession.Line;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Sets the {@code image:} of the matching containers and init containers in plain manifests — every workload document
 * of a (multi-document) file: Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod and Argo Rollout.
 * Containers match by name when the target names one, otherwise by image repository (registry host included, tag
 * and digest ignored), both read with YAML merge keys applied as kubectl reads them; only the matching containers must
 * be editable in place, so a sidecar built with {@code <<: *anchor} never blocks the edit of another container. Other
 * documents are left alone.
 */
@Singleton
public final class ManifestImageEditor implements ManifestEditor {

    @Override
    public String name() {
        return "manifest-image";
    }

    @Override
    public EditKind kind() {
        return EditKind.MANIFEST_IMAGE;
    }

    @Override
    public EditResult edit(String fileText, GitOpsTarget target, Artifact artifact) {
        ImageRef image = artifact.requireImage(name());
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
     * every container whose image repository is {@code repository}. Names and images are read as kubectl reads them
     * (YAML merge keys applied); only the matching containers must be editable where their text is.
     */
    public EditResult setImage(String fileText, String containerName, String repository, String value) {
        EditValues.requireSafeValue(value);
        var session = new YamlEditSession(fileText);
        WorkloadContainers.Found found = WorkloadContainers.of(session);
        List<Container> matching = found.containers().stream()
                .filter(c -> containerName != null
                        ? containerName.equals(c.name())
                        : c.imageValue() != null && repository.equals(repositoryOf(c.imageValue())))
                .toList();
        if (matching.isEmpty()) {
            String wanted = containerName != null
                    ? "named " + InvalidNameException.quote(containerName)
                    : "with image repository " + InvalidNameException.quote(repository);
            throw new ManifestEditException("no container matches: no container or init container " + wanted
                    + " in the " + found.workloads() + " workload document(s) of the file");
        }
        List<FieldChange> changes = new ArrayList<>();
        String firstPrevious = null;
        for (int i = 0; i < matching.size(); i++) {
            Container container = matching.get(i);
            requireOwnImage(session, container, found.containers(), matching);
            FieldChange change = setImage(session, container, value);
            String previous = change == null ? value : change.previousValue();
            if (i == 0) {
                firstPrevious = previous;
            }
            if (change != null) {
                changes.add(change);
            }
        }
        if (changes.isEmpty()) {
            return EditResult.unchanged(fileText, value);
        }
        return new EditResult(session.result(), true, firstPrevious, value, changes);
    }

    /**
     * Refuses a matching container whose {@code image:} is not its own to edit: its text serves another place too,
     * its image is merged in, or a container that does not match takes this image through a merge key (editing it
     * would change that container as well).
     */
    private static void requireOwnImage(
            YamlEditSession session, Container container, List<Container> all, List<Container> matching) {
        if (container.sharedBecause() != null) {
            throw new ManifestEditException(container.sharedBecause());
        }
        if (container.image() != null && container.image().inherited()) {
            throw new ManifestEditException("line " + session.line(container.node()) + ": " + container.where()
                    + " image comes from a YAML merge key (<<), which gitops-flow does not edit; set it explicitly"
                    + " in that container");
        }
        for (Container other : all) {
            if (!matching.contains(other)
                    && other.image() != null
                    && container.image() != null
                    && other.image().tuple() == container.image().tuple()) {
                throw new ManifestEditException("line " + session.line(other.node()) + ": " + other.where()
                        + " takes its image from " + container.where() + " through a YAML merge key (<<), so"
                        + " editing it would change both; set the image of " + other.where() + " explicitly");
            }
        }
    }

    /** Sets one matching container's image; the change, or null when it already held the value. */
    private static FieldChange setImage(YamlEditSession session, Container container, String value) {
        String where = container.where();
        NodeTuple imageTuple = session.find(container.node(), "image", where + " image");
        if (imageTuple == null) {
            session.appendToMapping(
                    container.node(), List.of(new Line(0, "image: " + YamlScalars.renderNew(value))), where);
            return new FieldChange(
                    "line " + session.line(container.node()) + ": " + where + " (image created)", null, value);
        }
        Node imageNode = session.value(imageTuple, where + " image");
        if (!(imageNode instanceof ScalarNode scalar)) {
            throw new ManifestEditException("line " + session.line(imageTuple.getKeyNode()) + ": " + where
                    + " image holds " + YamlNodes.describe(imageNode) + ", not a value");
        }
        String previous = YamlScalars.valueOrNull(scalar);
        if (session.setScalar(scalar, container.node(), value, where + " image")) {
            return new FieldChange("line " + session.line(scalar) + ": " + where, previous, value);
        }
        return null;
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
