package io.gitopsflow.spec.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads pipeline files (one pipeline per YAML document) into {@link Pipeline}s, collecting every error with its file,
 * line and column from the YAML node marks, so a user fixes a file in one go rather than error by error. The pipeline
 * is read here, its Warehouse by {@link WarehouseParser}, its stages by {@link StageParser}.
 */
public final class PipelineParser {

    private final YamlNodes yaml;
    private final WarehouseParser warehouses;
    private final StageParser stages;

    private PipelineParser(String file) {
        this.yaml = new YamlNodes(file);
        this.warehouses = new WarehouseParser(yaml);
        this.stages = new StageParser(yaml);
    }

    /** The pipelines of one file; throws {@link PipelineException} with every error found. */
    public static List<Pipeline> parse(String file, String content) {
        PipelineParser parser = new PipelineParser(file);
        List<Pipeline> pipelines = parser.documents(content);
        if (!parser.yaml.errors().isEmpty()) {
            throw new PipelineException(parser.yaml.errors());
        }
        return pipelines;
    }

    private List<Pipeline> documents(String content) {
        List<Pipeline> pipelines = new ArrayList<>();
        try {
            LoadSettings settings = LoadSettings.builder()
                    .setLabel(yaml.file())
                    .setAllowDuplicateKeys(false)
                    .setMaxAliasesForCollections(10)
                    .build();
            for (Node document : new Compose(settings).composeAllFromString(content)) {
                pipeline(document).ifPresent(pipelines::add);
            }
        } catch (MarkedYamlEngineException e) {
            yaml.error(e.getProblemMark(), "not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            yaml.error(Optional.empty(), "not valid YAML: " + e.getMessage());
        }
        if (pipelines.isEmpty() && yaml.errors().isEmpty()) {
            yaml.error(Optional.empty(), "holds no pipeline");
        }
        return pipelines;
    }

    private Optional<Pipeline> pipeline(Node node) {
        Map<String, Node> fields = yaml.mapping(node, "pipeline", Set.of("name", "warehouse", "stages"));
        if (fields == null) {
            return Optional.empty();
        }
        String name = yaml.dnsLabel(fields, node, "name", "pipeline name", true);
        Node warehouseNode = yaml.required(fields, node, "warehouse");
        Warehouse warehouse = warehouseNode == null ? null : warehouses.warehouse(warehouseNode, name);
        Node stagesNode = yaml.required(fields, node, "stages");
        List<Stage> declared = new ArrayList<>();
        if (stagesNode != null) {
            Set<String> seen = new HashSet<>();
            for (Node item : yaml.items(stagesNode, "stages", "stages must list at least one stage")) {
                Stage stage = stages.stage(item, warehouse, seen, declared.isEmpty());
                if (stage != null) {
                    declared.add(stage);
                }
            }
        }
        if (name == null || warehouse == null || stagesNode == null) {
            return Optional.empty();
        }
        return Optional.of(new Pipeline(name, yaml.file(), warehouse, declared));
    }
}
