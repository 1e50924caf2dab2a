package io.gitopsflow.buildworker.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gitopsflow.events.validation.ImageReference;
import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.events.validation.RepositoryPaths;
import io.gitopsflow.events.validation.ResourceNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads {@code .gitops-flow/build.yaml} from a checkout, or falls back to the conventions, checking every name. */
public final class BuildSpecLoader {

    public static final String SPEC_PATH = ".gitops-flow/build.yaml";

    private static final long MAX_SPEC_BYTES = 64 * 1024;
    /** {@code chart} and {@code chartRepository} are read as written: the chart package's ChartSpecLoader checks them. */
    private static final Set<String> KEYS = Set.of(
            "dockerfile", "context", "image", "tags", "builder", "buildArgs", "platforms", "chart", "chartRepository");

    private static final String KNOWN_KEYS =
            "dockerfile, context, image, tags, builder, buildArgs, platforms, chart, chartRepository";

    private final YAMLFactory yaml = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** The names build.yaml's {@code builder} may take: the builders this worker has. */
    private final Set<String> builders;

    /** @param builders the names of the builders this worker has, e.g. {@code jib} and {@code kubernetes} */
    public BuildSpecLoader(Collection<String> builders) {
        if (builders.isEmpty()) {
            throw new IllegalArgumentException("a build spec needs at least one builder to name");
        }
        this.builders = new TreeSet<>(builders);
    }

    /** A value of build.yaml with where it stands, for error messages. */
    private record Entry(Object value, JsonLocation location) {}

    /**
     * The build spec of the commit checked out at {@code checkout}.
     *
     * @param registry the registry the convention pushes to, e.g. {@code registry.local:5000}
     * @param repositoryFullName the Git repository, e.g. {@code acme/books-api}, whose lower-cased name the convention
     *     uses as image path
     * @throws InvalidBuildSpecException when build.yaml is malformed or names something invalid, or the Dockerfile or
     *     context folder is missing
     */
    public BuildSpec load(Path checkout, String registry, String repositoryFullName) {
        Path specFile = inside(checkout, SPEC_PATH, null);
        BuildSpec spec = Files.exists(specFile)
                ? parse(checkout, read(specFile))
                : new BuildSpec(null, null, null, null, null, null);
        if (spec.imageRepository() == null) {
            spec = spec.withImageRepository(conventionalImage(registry, repositoryFullName));
        }
        // the conventional Dockerfile may be a symbolic link too
        if (!Files.isRegularFile(inside(checkout, spec.dockerfile(), null))) {
            throw new InvalidBuildSpecException("no Dockerfile at " + InvalidNameException.quote(spec.dockerfile()));
        }
        if (!Files.isDirectory(spec.contextIn(checkout))) {
            throw new InvalidBuildSpecException(
                    "no build context folder at " + InvalidNameException.quote(spec.context()));
        }
        return spec;
    }

    private static String conventionalImage(String registry, String repositoryFullName) {
        ResourceNames.requireRepositoryFullName(repositoryFullName);
        if (registry == null || registry.isBlank()) {
            throw new IllegalArgumentException("no registry configured for the conventional image name");
        }
        String image = registry + "/" + repositoryFullName.toLowerCase(Locale.ROOT);
        try {
            return ImageReference.requireRepository(image);
        } catch (InvalidNameException e) {
            throw new InvalidBuildSpecException(
                    "the repository name does not make an image name (" + e.getMessage() + "); set image in "
                            + SPEC_PATH,
                    e);
        }
    }

    private static String read(Path specFile) {
        try {
            if (!Files.isRegularFile(specFile)) {
                throw new InvalidBuildSpecException(SPEC_PATH + " is not a file");
            }
            if (Files.size(specFile) > MAX_SPEC_BYTES) {
                throw new InvalidBuildSpecException(SPEC_PATH + " is larger than " + MAX_SPEC_BYTES + " bytes");
            }
            return Files.readString(specFile, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new InvalidBuildSpecException(SPEC_PATH + " is not UTF-8", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + specFile, e);
        }
    }

    private BuildSpec parse(Path checkout, String text) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        try (JsonParser parser = yaml.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return new BuildSpec(null, null, null, null, null, null);
            }
            if (token != JsonToken.START_OBJECT) {
                throw invalid(parser.currentTokenLocation(), "must be a mapping of " + KNOWN_KEYS);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonLocation location = parser.currentTokenLocation();
                if (!KEYS.contains(key)) {
                    throw invalid(
                            location, "unknown key " + InvalidNameException.quote(key) + "; known keys: " + KNOWN_KEYS);
                }
                parser.nextToken();
                entries.put(key, new Entry(value(parser), location));
            }
            if (parser.nextToken() != null) {
                throw invalid(parser.currentTokenLocation(), "must hold exactly one YAML document");
            }
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            throw new InvalidBuildSpecException(
                    SPEC_PATH
                            + (location == null
                                    ? ""
                                    : " line " + location.getLineNr() + ", column " + location.getColumnNr())
                            + ": not valid YAML: " + e.getOriginalMessage(),
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BuildSpec(
                path(checkout, entries.get("dockerfile"), "dockerfile"),
                context(checkout, entries.get("context")),
                image(entries.get("image")),
                tags(entries.get("tags")),
                builder(entries.get("builder")),
                buildArgs(entries.get("buildArgs")),
                platforms(entries.get("platforms")),
                string(entries.get("chart"), "chart"),
                string(entries.get("chartRepository"), "chartRepository"));
    }

    /** Scalars stay as written ({@code 1.10} is not the number 1.1), since they end up as text in the build. */
    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Object> map = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                parser.nextToken();
                map.put(key, value(parser));
            }
            return map;
        }
        if (token == JsonToken.START_ARRAY) {
            List<Object> list = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                list.add(value(parser));
            }
            return list;
        }
        return token == JsonToken.VALUE_NULL ? null : parser.getText();
    }

    private static String path(Path checkout, Entry entry, String key) {
        String path = string(entry, key);
        if (path != null) {
            inside(checkout, path, entry);
        }
        return path;
    }

    private static String context(Path checkout, Entry entry) {
        String context = string(entry, "context");
        if (context == null || context.equals(BuildSpec.WHOLE_REPOSITORY)) {
            return context;
        }
        // a trailing '/' is a common way to write a folder
        String folder =
                context.endsWith("/") && context.length() > 1 ? context.substring(0, context.length() - 1) : context;
        inside(checkout, folder, entry);
        return folder;
    }

    private static String image(Entry entry) {
        String image = string(entry, "image");
        if (image == null) {
            return null;
        }
        try {
            ImageReference.requireRepository(image);
        } catch (InvalidNameException e) {
            throw invalid(entry.location(), "image: " + e.getMessage());
        }
        if (ImageReference.parse(image).domain() == null) {
            // pushing it would mean guessing docker.io, which no build here can reach
            throw invalid(
                    entry.location(),
                    "image " + InvalidNameException.quote(image) + " must name its registry, e.g. registry.local:5000/"
                            + image);
        }
        return image;
    }

    private static List<String> tags(Entry entry) {
        if (entry == null || entry.value() == null) {
            return null;
        }
        if (!(entry.value() instanceof List<?> list)) {
            throw invalid(entry.location(), "tags must be a list of tags");
        }
        List<String> tags = new ArrayList<>();
        for (Object tag : list) {
            if (!(tag instanceof String text)) {
                throw invalid(entry.location(), "tags must be a list of tags");
            }
            try {
                tags.add(ImageReference.requireTag(text));
            } catch (InvalidNameException e) {
                throw invalid(entry.location(), "tags: " + e.getMessage());
            }
        }
        return tags;
    }

    private BuildSpec.Builder builder(Entry entry) {
        String builder = string(entry, "builder");
        if (builder == null) {
            return null;
        }
        if (builders.contains(builder)) {
            return new BuildSpec.Builder(builder);
        }
        throw invalid(
                entry.location(),
                "builder must be " + oneOf(List.copyOf(builders)) + ", not " + InvalidNameException.quote(builder));
    }

    /** {@code a}, {@code a or b}, {@code a, b or c}. */
    private static String oneOf(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static Map<String, String> buildArgs(Entry entry) {
        if (entry == null || entry.value() == null) {
            return null;
        }
        if (!(entry.value() instanceof Map<?, ?> map)) {
            throw invalid(entry.location(), "buildArgs must be a mapping of names to values");
        }
        Map<String, String> args = new LinkedHashMap<>();
        for (Map.Entry<?, ?> arg : map.entrySet()) {
            String name = (String) arg.getKey();
            if (!(arg.getValue() instanceof String value)) {
                throw invalid(
                        entry.location(), "buildArgs " + InvalidNameException.quote(name) + " must have a text value");
            }
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw invalid(
                        entry.location(),
                        "buildArgs name " + InvalidNameException.quote(name) + " must be letters, digits and '_'");
            }
            args.put(name, value);
        }
        return args;
    }

    private static List<Platform> platforms(Entry entry) {
        if (entry == null || entry.value() == null) {
            return null;
        }
        try {
            return Platform.listOf(entry.value());
        } catch (InvalidNameException e) {
            throw invalid(entry.location(), "platforms: " + e.getMessage());
        }
    }

    private static String string(Entry entry, String key) {
        if (entry == null || entry.value() == null) {
            return null;
        }
        if (!(entry.value() instanceof String text)) {
            throw invalid(entry.location(), key + " must be a single value, not a list or mapping");
        }
        return text;
    }

    /** {@code relative} inside the checkout; {@code entry} is where build.yaml names it, null for our own paths. */
    private static Path inside(Path checkout, String relative, Entry entry) {
        try {
            return RepositoryPaths.resolveInside(checkout, relative);
        } catch (InvalidNameException e) {
            if (entry == null) {
                throw new InvalidBuildSpecException(e.getMessage(), e);
            }
            throw invalid(entry.location(), e.getMessage());
        }
    }

    private static InvalidBuildSpecException invalid(JsonLocation location, String problem) {
        return new InvalidBuildSpecException(SPEC_PATH + " line " + location.getLineNr() + ": " + problem);
    }
}
