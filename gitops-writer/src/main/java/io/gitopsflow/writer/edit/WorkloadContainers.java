package io.gitopsflow.writer.edit;

import io.gitopsflow.writer.edit.YamlMerges.Resolved;
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
 * The containers and init containers of a file's workload documents as kubectl reads them (YAML merge keys applied),
 * each with its name, where its {@code image:} is defined, and whether its text is shared with another place (an
 * alias, or a pod spec reached through a merge key). Reading never refuses anything: the editor decides which
 * containers match first and checks only those, so a container that is not promoted cannot block an edit.
 */
final class WorkloadContainers {

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

    /**
     * One container.
     *
     * @param image where its {@code image:} is defined once merges are applied, or null when nowhere
     * @param sharedBecause null when the container's text serves this container only; otherwise why not, with a line
     */
    record Container(MappingNode node, String where, String name, Resolved image, String sharedBecause) {

        /** The value its {@code image:} has for kubectl, or null. */
        String imageValue() {
            return image != null && image.value() instanceof ScalarNode scalar ? scalar.getValue() : null;
        }
    }

    /** The file's containers in document order, and how many workload documents hold them. */
    record Found(List<Container> containers, int workloads) {}

    private WorkloadContainers() {}

    static Found of(YamlEditSession session) {
        List<Container> containers = new ArrayList<>();
        int workloads = 0;
        for (Node document : session.documents()) {
            if (document instanceof MappingNode root && visitWorkload(session, root, containers)) {
                workloads++;
            }
        }
        return new Found(containers, workloads);
    }

    private static boolean visitWorkload(YamlEditSession session, MappingNode root, List<Container> out) {
        String kind = session.scalarValue(root, "kind");
        String apiVersion = session.scalarValue(root, "apiVersion");
        Workload workload = kind == null ? null : WORKLOADS.get(kind);
        if (workload == null || apiVersion == null) {
            return false;
        }
        int slash = apiVersion.indexOf('/');
        if (!workload.groups().contains(slash < 0 ? "" : apiVersion.substring(0, slash))) {
            return false;
        }
        String name = kind + " " + metadataName(session, root);
        MappingNode current = root;
        String shared = null;
        for (String key : workload.podSpecPath()) {
            Resolved step = YamlMerges.lookup(current, key);
            if (step == null || !(step.value() instanceof MappingNode mapping)) {
                return false;
            }
            shared = shared != null ? shared : sharing(session, step, session.line(current), name + " " + key);
            current = mapping;
        }
        for (String listKey : CONTAINER_LISTS) {
            Resolved list = YamlMerges.lookup(current, listKey);
            if (list == null || !(list.value() instanceof SequenceNode sequence)) {
                continue;
            }
            String where = name + ", " + listKey;
            String listShared = shared != null ? shared : sharing(session, list, session.line(current), where);
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof MappingNode container) {
                    // Node has no equals: indexOf finds the first place of this very node, an earlier one for an alias
                    boolean repeated = items.indexOf(container) != i;
                    out.add(container(session, sequence, container, where, listShared, repeated));
                }
            }
        }
        return true;
    }

    private static Container container(
            YamlEditSession session,
            SequenceNode sequence,
            MappingNode container,
            String list,
            String listShared,
            boolean repeated) {
        String name = YamlMerges.scalar(container, "name");
        String where = list + " " + name;
        String shared = listShared;
        if (shared == null && (repeated || session.start(container) < session.start(sequence))) {
            // An alias composes to the anchored node itself, which starts before the list that refers to it again.
            shared = "line " + session.line(sequence) + ": " + where
                    + " is an alias; edit the anchored container instead";
        }
        return new Container(container, where, name, YamlMerges.lookup(container, "image"), shared);
    }

    /** Why a step reached through a merge key or an alias is not this document's own text, or null when it is. */
    private static String sharing(YamlEditSession session, Resolved step, int line, String where) {
        if (step.inherited()) {
            return "line " + line + ": " + where
                    + " comes from a YAML merge key (<<); gitops-flow edits containers written in place";
        }
        if (session.start(step.value()) < session.end(step.tuple().getKeyNode())) {
            return "line " + session.line(step.tuple().getKeyNode()) + ": " + where
                    + " is an alias; edit the anchored value instead";
        }
        return null;
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
}
