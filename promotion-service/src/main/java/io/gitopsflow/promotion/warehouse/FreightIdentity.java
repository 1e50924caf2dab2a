package io.gitopsflow.promotion.warehouse;

import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.GitCommitRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Freight's id and alias, both derived from its content alone: the same artifacts in the same Warehouse always
 * give the same id (so they never make two Freights, whichever instance sees them first) and the same alias.
 */
public final class FreightIdentity {

    private static final List<String> ADJECTIVES = List.of(
            "agile", "amber", "bold", "brave", "bright", "calm", "clever", "cosmic", "crisp", "daring", "eager",
            "fancy", "fierce", "gentle", "giant", "golden", "happy", "hidden", "humble", "jolly", "keen", "lively",
            "lucky", "mellow", "mighty", "nimble", "noble", "polite", "proud", "quick", "quiet", "rapid", "royal",
            "rustic", "shiny", "silent", "silver", "sleek", "smooth", "snowy", "solid", "spry", "steady", "sunny",
            "swift", "tidy", "vivid", "warm", "wise", "zesty");
    private static final List<String> ANIMALS = List.of(
            "badger", "beaver", "bison", "bobcat", "camel", "cheetah", "cobra", "condor", "coyote", "crane", "dingo",
            "dolphin", "eagle", "falcon", "ferret", "gazelle", "gecko", "heron", "hyena", "ibex", "iguana", "jaguar",
            "koala", "lemur", "leopard", "lynx", "magpie", "marmot", "moose", "narwhal", "ocelot", "octopus", "orca",
            "osprey", "otter", "panda", "panther", "pelican", "puffin", "quokka", "raven", "salmon", "seal", "sparrow",
            "tapir", "tiger", "toucan", "walrus", "wombat", "zebra");

    /** An alias: adjective-animal, with a number when another Freight of the pipeline took the pair first. */
    private static final Pattern ALIAS = Pattern.compile("[a-z]{2,20}-[a-z]{2,20}(-[1-9][0-9]{0,5})?");

    private FreightIdentity() {}

    /** The id of a Freight of images only. */
    public static String id(String pipeline, String warehouse, List<Artifact> artifacts) {
        return id(pipeline, warehouse, artifacts, List.of(), List.of());
    }

    /**
     * The Freight's id: the SHA-256 (hex, first 40 digits) of its warehouse and its artifacts in a fixed order. Charts
     * and commits are hashed after the images, each list only when it holds any, so a Freight of images only keeps the
     * id it had before Freight could hold them.
     */
    public static String id(
            String pipeline,
            String warehouse,
            List<Artifact> artifacts,
            List<ChartRef> charts,
            List<GitCommitRef> commits) {
        StringBuilder content =
                new StringBuilder(pipeline).append('/').append(warehouse).append('\n');
        artifacts.stream()
                .sorted(Comparator.comparing(Artifact::repository))
                .forEach(a -> content.append(a.repository())
                        .append('\n')
                        .append(a.tag())
                        .append('\n')
                        .append(a.digest())
                        .append('\n'));
        if (!charts.isEmpty()) {
            content.append("charts\n");
            charts.stream()
                    .sorted(Comparator.comparing(ChartRef::repository))
                    .forEach(c -> content.append(c.repository())
                            .append('\n')
                            .append(c.version())
                            .append('\n')
                            .append(c.digest())
                            .append('\n'));
        }
        if (!commits.isEmpty()) {
            content.append("commits\n");
            commits.stream()
                    .sorted(Comparator.comparing(GitCommitRef::repositoryUrl))
                    .forEach(c -> content.append(c.repositoryUrl())
                            .append('\n')
                            .append(c.branch())
                            .append('\n')
                            .append(c.id())
                            .append('\n'));
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(content.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The alias of the Freight with id {@code id} among the pipeline's {@code taken} aliases: {@link #alias(String)},
     * or, when another Freight has that already, the same with the first free number ({@code brave-otter-2}).
     */
    public static String uniqueAlias(String id, Set<String> taken) {
        String alias = alias(id);
        for (int n = 2; taken.contains(alias); n++) {
            alias = alias(id) + "-" + n;
        }
        return alias;
    }

    /** Whether {@code value} has the form of an alias (not whether a Freight has it). */
    public static boolean isAlias(String value) {
        return value != null && ALIAS.matcher(value).matches();
    }

    /** The adjective-animal pair of the Freight with id {@code id}, e.g. {@code brave-otter}. */
    public static String alias(String id) {
        int adjective = Integer.parseInt(id.substring(0, 4), 16) % ADJECTIVES.size();
        int animal = Integer.parseInt(id.substring(4, 8), 16) % ANIMALS.size();
        return ADJECTIVES.get(adjective) + "-" + ANIMALS.get(animal);
    }
}
