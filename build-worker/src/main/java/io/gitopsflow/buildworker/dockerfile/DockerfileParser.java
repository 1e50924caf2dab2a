package io.gitopsflow.buildworker.dockerfile;

import static io.gitopsflow.buildworker.dockerfile.Instruction.firstWhitespace;
import static io.gitopsflow.buildworker.dockerfile.Instruction.flagName;
import static io.gitopsflow.buildworker.dockerfile.Instruction.quote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gitopsflow.events.validation.ImageReference;
import io.gitopsflow.events.validation.InvalidNameException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a single-stage Dockerfile into a {@link DockerfilePlan}, refusing every line the jib builder cannot honour.
 * {@link DockerfileLines} splits the text into instructions, {@link ShellWords} reads their arguments as docker does,
 * {@link CopyInstruction} reads COPY and ADD; this class keeps the stage's state (ARGs, ENV, WORKDIR, ...).
 */
public final class DockerfileParser {

    static final String USE_KUBERNETES = "; use builder: kubernetes";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PORT =
            Pattern.compile("([0-9]{1,5})(?:-([0-9]{1,5}))?(?:/(tcp|udp))?", Pattern.CASE_INSENSITIVE);
    private static final int MAX_PORT_RANGE = 1024;
    // Docker instructions that are valid but need a container runtime or image config Jib does not write.
    private static final Set<String> UNSUPPORTED =
            Set.of("HEALTHCHECK", "ONBUILD", "SHELL", "STOPSIGNAL", "VOLUME", "MAINTAINER");

    private static final Set<String> SUPPORTED =
            Set.of("ARG", "FROM", "ENV", "LABEL", "WORKDIR", "USER", "EXPOSE", "COPY", "ADD", "ENTRYPOINT", "CMD");

    private final Map<String, String> buildArgs;
    private final Map<String, String> globalArgs = new LinkedHashMap<>();
    private final Map<String, String> stageArgs = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<DockerfilePlan.Copy> copies = new ArrayList<>();
    private final Set<String> exposedPorts = new LinkedHashSet<>();
    private ShellWords shell;
    private CopyInstruction copy;
    private String baseImage;
    private String workdir;
    private String user;
    private List<String> entrypoint;
    private List<String> cmd;

    private DockerfileParser(Map<String, String> buildArgs) {
        this.buildArgs = buildArgs == null ? Map.of() : Map.copyOf(buildArgs);
    }

    /**
     * Parses {@code dockerfile}; {@code buildArgs} override the defaults of the ARGs the Dockerfile declares.
     *
     * @throws UnsupportedDockerfileException naming the line of the first instruction that is malformed or that the
     *     jib builder cannot honour
     */
    public static DockerfilePlan parse(String dockerfile, Map<String, String> buildArgs) {
        return new DockerfileParser(buildArgs).read(dockerfile);
    }

    private DockerfilePlan read(String dockerfile) {
        DockerfileLines lines = DockerfileLines.read(dockerfile);
        shell = new ShellWords(lines.escape(), this::lookup);
        copy = new CopyInstruction(shell);
        for (Instruction instruction : lines.instructions()) {
            apply(instruction);
        }
        if (baseImage == null) {
            throw new UnsupportedDockerfileException(
                    lines.lastLine(), null, "no FROM instruction: the Dockerfile names no base image");
        }
        return new DockerfilePlan(
                baseImage, copies, env, labels, workdir, user, List.copyOf(exposedPorts), entrypoint, cmd);
    }

    private void apply(Instruction instruction) {
        String keyword = instruction.keyword();
        if (keyword.equals("RUN")) {
            throw instruction.refuse(
                    "cannot be built by the jib builder (it needs a container runtime)" + USE_KUBERNETES);
        }
        if (UNSUPPORTED.contains(keyword)) {
            throw instruction.refuse("is not supported by the jib builder" + USE_KUBERNETES);
        }
        if (!SUPPORTED.contains(keyword)) {
            throw new UnsupportedDockerfileException(instruction.line(), null, "unknown instruction " + quote(keyword));
        }
        if (instruction.arguments().isEmpty()) {
            throw instruction.refuse("is missing its arguments");
        }
        if (baseImage == null && !keyword.equals("ARG") && !keyword.equals("FROM")) {
            throw instruction.refuse("comes before FROM; only ARG may precede FROM");
        }
        switch (keyword) {
            case "ARG" -> arg(instruction);
            case "FROM" -> from(instruction);
            case "ENV" -> env.putAll(pairs(instruction));
            case "LABEL" -> labels.putAll(pairs(instruction));
            case "WORKDIR" -> workdir = workdir(instruction);
            case "USER" -> user = user(instruction);
            case "EXPOSE" -> expose(instruction);
            case "COPY" -> copies.add(copy.read(instruction, false, workdir));
            case "ADD" -> copies.add(copy.read(instruction, true, workdir));
            case "ENTRYPOINT" -> entrypoint = command(instruction);
            case "CMD" -> cmd = command(instruction);
            default -> throw new IllegalStateException(keyword);
        }
    }

    private void arg(Instruction instruction) {
        for (String word : shell.words(instruction, instruction.arguments())) {
            int equals = word.indexOf('=');
            String name = equals < 0 ? word : word.substring(0, equals);
            if (!VARIABLE_NAME.matcher(name).matches()) {
                throw instruction.refuse("name " + quote(name) + " must be letters, digits and '_'");
            }
            String value;
            if (buildArgs.containsKey(name)) {
                value = buildArgs.get(name);
            } else if (equals >= 0) {
                value = word.substring(equals + 1);
            } else {
                // inside the stage, a bare ARG takes the default of the ARG of the same name before FROM
                value = baseImage == null ? null : globalArgs.get(name);
            }
            if (value != null) {
                (baseImage == null ? globalArgs : stageArgs).put(name, value);
            }
        }
    }

    private void from(Instruction instruction) {
        if (baseImage != null) {
            throw instruction.refuse(
                    "starts a second build stage: multi-stage builds cannot be built by the jib builder"
                            + USE_KUBERNETES);
        }
        String arguments = instruction.arguments();
        if (arguments.startsWith("--")) {
            throw instruction.refuse(
                    quote(flagName(arguments)) + " is not supported by the jib builder" + USE_KUBERNETES);
        }
        List<String> words = shell.words(instruction, arguments);
        boolean named = words.size() == 3 && words.get(1).equalsIgnoreCase("AS");
        if (words.size() != 1 && !named) {
            throw instruction.refuse("must be 'FROM image [AS name]'");
        }
        String image = words.get(0);
        if (image.isEmpty()) {
            throw instruction.refuse("names no image (is a build argument missing?)");
        }
        if (!image.equals(DockerfilePlan.SCRATCH)) {
            try {
                ImageReference.parse(image);
            } catch (InvalidNameException e) {
                throw instruction.refuse("has an " + e.getMessage());
            }
        }
        baseImage = image;
    }

    /** ENV and LABEL: {@code k=v k2="v 2"}, or the legacy {@code k v w} with everything after the key as value. */
    private Map<String, String> pairs(Instruction instruction) {
        String arguments = instruction.arguments();
        int space = firstWhitespace(arguments);
        String first = space < 0 ? arguments : arguments.substring(0, space);
        Map<String, String> pairs = new LinkedHashMap<>();
        if (!first.contains("=")) {
            if (space < 0) {
                throw instruction.refuse("needs a value: write " + quote(first + "=value"));
            }
            pairs.put(
                    shell.word(instruction, first),
                    shell.word(instruction, arguments.substring(space).strip()));
            return pairs;
        }
        for (String word : shell.words(instruction, arguments)) {
            int equals = word.indexOf('=');
            if (equals <= 0) {
                throw instruction.refuse("expects key=value pairs, not " + quote(word));
            }
            pairs.put(word.substring(0, equals), word.substring(equals + 1));
        }
        return pairs;
    }

    private String workdir(Instruction instruction) {
        String path = shell.word(instruction, instruction.arguments());
        if (path.isEmpty()) {
            throw instruction.refuse("names no folder");
        }
        return absolute(workdir, path);
    }

    private String user(Instruction instruction) {
        String value = shell.word(instruction, instruction.arguments());
        if (!CopyInstruction.OWNER.matcher(value).matches()) {
            throw instruction.refuse("must be 'user[:group]', not " + quote(value));
        }
        return value;
    }

    private void expose(Instruction instruction) {
        for (String word : shell.words(instruction, instruction.arguments())) {
            for (String port : word.strip().split("\\s+")) {
                Matcher m = PORT.matcher(port);
                if (!m.matches()) {
                    throw instruction.refuse(
                            "port " + quote(port) + " must be 'port[/tcp|/udp]' or 'from-to[/protocol]'");
                }
                int from = Integer.parseInt(m.group(1));
                int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
                if (from < 1 || to > 65535 || to < from || to - from >= MAX_PORT_RANGE) {
                    throw instruction.refuse("port " + quote(port) + " must be between 1 and 65535, a range at most "
                            + MAX_PORT_RANGE + " ports long");
                }
                String protocol = m.group(3) == null ? "tcp" : m.group(3).toLowerCase(Locale.ROOT);
                for (int p = from; p <= to; p++) {
                    exposedPorts.add(p + "/" + protocol);
                }
            }
        }
    }

    private List<String> command(Instruction instruction) {
        String arguments = instruction.arguments();
        if (arguments.startsWith("[")) {
            return jsonArray(instruction, arguments);
        }
        // shell form; SHELL is refused, so the shell is always docker's default
        return List.of("/bin/sh", "-c", arguments);
    }

    /** An exec form: a JSON array of strings, or the instruction is refused. */
    static List<String> jsonArray(Instruction instruction, String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // docker would run a broken exec form as a shell command; refusing is the only way not to build it wrong
            throw instruction.refuse(
                    "has a malformed JSON array (column " + e.getLocation().getColumnNr() + ")");
        }
        if (!node.isArray()) {
            throw instruction.refuse("has a malformed JSON array");
        }
        List<String> elements = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw instruction.refuse("JSON array must hold only strings");
            }
            elements.add(element.textValue());
        }
        return elements;
    }

    private String lookup(String name) {
        // before FROM only the ARGs before FROM are in scope; in the stage ENV wins over ARG, as in docker
        if (baseImage == null) {
            return globalArgs.get(name);
        }
        String value = env.get(name);
        return value != null ? value : stageArgs.get(name);
    }

    /** {@code path} against {@code base} (null meaning '/'), with '.' and '..' resolved as a Linux path. */
    static String absolute(String base, String path) {
        String joined = path.startsWith("/") ? path : (base == null ? "" : base) + "/" + path;
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : joined.split("/")) {
            if (segment.equals("..")) {
                segments.pollLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.addLast(segment);
            }
        }
        return "/" + String.join("/", segments);
    }
}
