package io.gitopsflow.buildworker.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gitopsflow.events.validation.ImageReference;
import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.events.validation.RepositoryPaths;
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

/** Reads a single-stage Dockerfile into a {@link DockerfilePlan}, refusing every line the jib builder cannot honour. */
public final class DockerfileParser {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Pattern DIRECTIVE = Pattern.compile("#\\s*([A-Za-z][A-Za-z0-9]*)\\s*=\\s*(.+?)\\s*");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern BRACED_VARIABLE =
            Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])(.*))?", Pattern.DOTALL);
    private static final Pattern PORT =
            Pattern.compile("([0-9]{1,5})(?:-([0-9]{1,5}))?(?:/(tcp|udp))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern OWNER = Pattern.compile("[^\\s:]+(?::[^\\s:]+)?");
    private static final Pattern ARCHIVE =
            Pattern.compile(".*\\.(tar|tar\\.gz|tgz|tar\\.bz2|tbz2?|tar\\.xz|txz|tar\\.zst)", Pattern.CASE_INSENSITIVE);
    private static final int MAX_PORT_RANGE = 1024;
    private static final String USE_KUBERNETES = "; use builder: kubernetes";
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
    private char escape = '\\';
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

    /** One instruction after joining its continuation lines. */
    private record Instruction(int line, String keyword, String arguments) {}

    private DockerfilePlan read(String dockerfile) {
        String text = dockerfile.startsWith("\uFEFF") ? dockerfile.substring(1) : dockerfile;
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        for (Instruction instruction : instructions(lines)) {
            apply(instruction);
        }
        if (baseImage == null) {
            int last = lines.length;
            while (last > 1 && lines[last - 1].isBlank()) {
                last--;
            }
            throw new UnsupportedDockerfileException(
                    last, null, "no FROM instruction: the Dockerfile names no base image");
        }
        return new DockerfilePlan(
                baseImage, copies, env, labels, workdir, user, List.copyOf(exposedPorts), entrypoint, cmd);
    }

    private List<Instruction> instructions(String[] lines) {
        int i = 0;
        // Parser directives count only at the very top, before any comment, blank line or instruction.
        for (Matcher m; i < lines.length && (m = DIRECTIVE.matcher(lines[i].strip())).matches(); i++) {
            if (m.group(1).equalsIgnoreCase("escape")) {
                String value = m.group(2);
                if (!value.equals("\\") && !value.equals("`")) {
                    throw new UnsupportedDockerfileException(
                            i + 1, null, "the escape directive must be '\\' or '`', not " + quote(value));
                }
                escape = value.charAt(0);
            }
        }
        List<Instruction> instructions = new ArrayList<>();
        while (i < lines.length) {
            int start = i + 1;
            String current = lines[i++];
            if (isBlankOrComment(current)) {
                continue;
            }
            var logical = new StringBuilder();
            while (true) {
                String stripped = current.stripTrailing();
                if (stripped.isEmpty() || stripped.charAt(stripped.length() - 1) != escape) {
                    logical.append(current);
                    break;
                }
                logical.append(stripped, 0, stripped.length() - 1);
                // docker skips comments and blank lines inside a continued instruction
                while (i < lines.length && isBlankOrComment(lines[i])) {
                    i++;
                }
                if (i >= lines.length) {
                    break;
                }
                current = lines[i++];
            }
            String body = logical.toString().strip();
            int space = firstWhitespace(body);
            String keyword = (space < 0 ? body : body.substring(0, space)).toUpperCase(Locale.ROOT);
            String arguments = space < 0 ? "" : body.substring(space).strip();
            instructions.add(new Instruction(start, keyword, arguments));
        }
        return instructions;
    }

    private void apply(Instruction instruction) {
        String keyword = instruction.keyword();
        if (keyword.equals("RUN")) {
            throw refuse(
                    instruction, "cannot be built by the jib builder (it needs a container runtime)" + USE_KUBERNETES);
        }
        if (UNSUPPORTED.contains(keyword)) {
            throw refuse(instruction, "is not supported by the jib builder" + USE_KUBERNETES);
        }
        if (!SUPPORTED.contains(keyword)) {
            throw new UnsupportedDockerfileException(instruction.line(), null, "unknown instruction " + quote(keyword));
        }
        if (instruction.arguments().isEmpty()) {
            throw refuse(instruction, "is missing its arguments");
        }
        if (baseImage == null && !keyword.equals("ARG") && !keyword.equals("FROM")) {
            throw refuse(instruction, "comes before FROM; only ARG may precede FROM");
        }
        switch (keyword) {
            case "ARG" -> arg(instruction);
            case "FROM" -> from(instruction);
            case "ENV" -> env.putAll(pairs(instruction));
            case "LABEL" -> labels.putAll(pairs(instruction));
            case "WORKDIR" -> workdir = workdir(instruction);
            case "USER" -> user = user(instruction);
            case "EXPOSE" -> expose(instruction);
            case "COPY" -> copies.add(copy(instruction, false));
            case "ADD" -> copies.add(copy(instruction, true));
            case "ENTRYPOINT" -> entrypoint = command(instruction);
            case "CMD" -> cmd = command(instruction);
            default -> throw new IllegalStateException(keyword);
        }
    }

    private void arg(Instruction instruction) {
        for (String word : words(instruction, instruction.arguments())) {
            int equals = word.indexOf('=');
            String name = equals < 0 ? word : word.substring(0, equals);
            if (!VARIABLE_NAME.matcher(name).matches()) {
                throw refuse(instruction, "name " + quote(name) + " must be letters, digits and '_'");
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
            throw refuse(
                    instruction,
                    "starts a second build stage: multi-stage builds cannot be built by the jib builder"
                            + USE_KUBERNETES);
        }
        String arguments = instruction.arguments();
        if (arguments.startsWith("--")) {
            throw refuse(
                    instruction, quote(flagName(arguments)) + " is not supported by the jib builder" + USE_KUBERNETES);
        }
        List<String> words = words(instruction, arguments);
        boolean named = words.size() == 3 && words.get(1).equalsIgnoreCase("AS");
        if (words.size() != 1 && !named) {
            throw refuse(instruction, "must be 'FROM image [AS name]'");
        }
        String image = words.get(0);
        if (image.isEmpty()) {
            throw refuse(instruction, "names no image (is a build argument missing?)");
        }
        if (!image.equals(DockerfilePlan.SCRATCH)) {
            try {
                ImageReference.parse(image);
            } catch (InvalidNameException e) {
                throw refuse(instruction, "has an " + e.getMessage());
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
                throw refuse(instruction, "needs a value: write " + quote(first + "=value"));
            }
            pairs.put(
                    word(instruction, first),
                    word(instruction, arguments.substring(space).strip()));
            return pairs;
        }
        for (String word : words(instruction, arguments)) {
            int equals = word.indexOf('=');
            if (equals <= 0) {
                throw refuse(instruction, "expects key=value pairs, not " + quote(word));
            }
            pairs.put(word.substring(0, equals), word.substring(equals + 1));
        }
        return pairs;
    }

    private String workdir(Instruction instruction) {
        String path = word(instruction, instruction.arguments());
        if (path.isEmpty()) {
            throw refuse(instruction, "names no folder");
        }
        return absolute(workdir, path);
    }

    private String user(Instruction instruction) {
        String value = word(instruction, instruction.arguments());
        if (!OWNER.matcher(value).matches()) {
            throw refuse(instruction, "must be 'user[:group]', not " + quote(value));
        }
        return value;
    }

    private void expose(Instruction instruction) {
        for (String word : words(instruction, instruction.arguments())) {
            for (String port : word.strip().split("\\s+")) {
                Matcher m = PORT.matcher(port);
                if (!m.matches()) {
                    throw refuse(
                            instruction, "port " + quote(port) + " must be 'port[/tcp|/udp]' or 'from-to[/protocol]'");
                }
                int from = Integer.parseInt(m.group(1));
                int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
                if (from < 1 || to > 65535 || to < from || to - from >= MAX_PORT_RANGE) {
                    throw refuse(
                            instruction,
                            "port " + quote(port) + " must be between 1 and 65535, a range at most " + MAX_PORT_RANGE
                                    + " ports long");
                }
                String protocol = m.group(3) == null ? "tcp" : m.group(3).toLowerCase(Locale.ROOT);
                for (int p = from; p <= to; p++) {
                    exposedPorts.add(p + "/" + protocol);
                }
            }
        }
    }

    private DockerfilePlan.Copy copy(Instruction instruction, boolean add) {
        String rest = instruction.arguments();
        String chown = null;
        while (rest.startsWith("--")) {
            int space = firstWhitespace(rest);
            String flag = space < 0 ? rest : rest.substring(0, space);
            rest = space < 0 ? "" : rest.substring(space).strip();
            String name = flagName(flag);
            if (name.equals("--chown") && flag.contains("=")) {
                chown = word(instruction, flag.substring(flag.indexOf('=') + 1));
                if (!OWNER.matcher(chown).matches()) {
                    throw refuse(instruction, "--chown must be 'user[:group]', not " + quote(chown));
                }
            } else if (name.equals("--chown")) {
                throw refuse(instruction, "--chown needs a value: --chown=user[:group]");
            } else if (name.equals("--from")) {
                throw refuse(
                        instruction,
                        "--from copies from another stage or image, which the jib builder cannot build"
                                + USE_KUBERNETES);
            } else {
                throw refuse(instruction, quote(name) + " is not supported by the jib builder" + USE_KUBERNETES);
            }
        }
        List<String> words;
        if (rest.startsWith("[")) {
            words = new ArrayList<>();
            for (String element : jsonArray(instruction, rest)) {
                words.add(word(instruction, element));
            }
        } else {
            words = words(instruction, rest);
        }
        if (words.size() < 2) {
            throw refuse(instruction, "needs at least one source and a destination");
        }
        List<String> sources = new ArrayList<>();
        for (String source : words.subList(0, words.size() - 1)) {
            if (add && (source.contains("://") || source.startsWith("git@"))) {
                throw refuse(
                        instruction,
                        "of a URL cannot be built by the jib builder: fetch the file before the build and COPY it"
                                + USE_KUBERNETES);
            }
            if (add && ARCHIVE.matcher(source).matches()) {
                // ADD unpacks local archives; copying the archive as a file would build a different image
                throw refuse(
                        instruction,
                        "of the archive " + quote(source) + " would unpack it, which the jib builder does not do;"
                                + " use COPY, or builder: kubernetes");
            }
            sources.add(source(instruction, source));
        }
        String destination = words.get(words.size() - 1);
        if (destination.isEmpty()) {
            throw refuse(instruction, "has an empty destination");
        }
        boolean folder = destination.endsWith("/")
                || destination.equals(".")
                || destination.equals("..")
                || destination.endsWith("/.")
                || destination.endsWith("/..");
        if (sources.size() > 1 && !destination.endsWith("/")) {
            throw refuse(instruction, "with more than one source needs a destination folder ending in '/'");
        }
        String resolved = absolute(workdir, destination);
        if (folder && !resolved.equals("/")) {
            resolved += "/";
        }
        return new DockerfilePlan.Copy(sources, resolved, chown, instruction.line());
    }

    /** A context-relative source, normalized; {@code .} is the whole context. */
    private static String source(Instruction instruction, String source) {
        if (source.startsWith("<<")) {
            throw refuse(instruction, "here-documents are not supported by the jib builder" + USE_KUBERNETES);
        }
        if (source.contains("[")) {
            throw refuse(instruction, "source " + quote(source) + ": only '*' and '?' globs are supported");
        }
        List<String> segments = new ArrayList<>();
        // docker reads a leading '/' as the root of the context
        for (String segment : source.split("/")) {
            if (segment.equals("..")) {
                throw refuse(instruction, "source " + quote(source) + " leaves the build context");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        if (segments.isEmpty()) {
            return ".";
        }
        for (String segment : segments.subList(0, segments.size() - 1)) {
            if (segment.contains("*") || segment.contains("?")) {
                throw refuse(instruction, "source " + quote(source) + ": globs are supported only in the last segment");
            }
        }
        String path = String.join("/", segments);
        try {
            return RepositoryPaths.requireRelative("source", path);
        } catch (InvalidNameException e) {
            throw refuse(instruction, e.getMessage());
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

    private static List<String> jsonArray(Instruction instruction, String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // docker would run a broken exec form as a shell command; refusing is the only way not to build it wrong
            throw refuse(
                    instruction,
                    "has a malformed JSON array (column " + e.getLocation().getColumnNr() + ")");
        }
        if (!node.isArray()) {
            throw refuse(instruction, "has a malformed JSON array");
        }
        List<String> elements = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw refuse(instruction, "JSON array must hold only strings");
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

    private List<String> words(Instruction instruction, String text) {
        return lex(instruction, text, true);
    }

    private String word(Instruction instruction, String text) {
        List<String> words = lex(instruction, text, false);
        return words.isEmpty() ? "" : words.get(0);
    }

    /** Docker's shell-word rules: quotes and escapes removed, variables substituted, split on unquoted whitespace. */
    private List<String> lex(Instruction instruction, String text, boolean split) {
        List<String> words = new ArrayList<>();
        var word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (split && Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
                continue;
            }
            inWord = true;
            if (c == escape) {
                if (i + 1 < text.length()) {
                    word.append(text.charAt(i + 1));
                }
                i += 2;
            } else if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw refuse(instruction, "has an unterminated single quote");
                }
                word.append(text, i + 1, end);
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(instruction, text, i + 1, word);
            } else if (c == '$') {
                i = substitute(instruction, text, i, word);
            } else {
                word.append(c);
                i++;
            }
        }
        if (inWord || !split) {
            words.add(word.toString());
        }
        return words;
    }

    private int doubleQuoted(Instruction instruction, String text, int start, StringBuilder word) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            // inside double quotes the escape character escapes only '"', '$' and itself, as in docker
            if (c == escape && (next == '"' || next == '$' || next == escape)) {
                word.append(text.charAt(i + 1));
                i += 2;
            } else if (c == '$') {
                i = substitute(instruction, text, i, word);
            } else {
                word.append(c);
                i++;
            }
        }
        throw refuse(instruction, "has an unterminated double quote");
    }

    /** Appends the value of the reference at {@code text[dollar]}; returns the index after it. */
    private int substitute(Instruction instruction, String text, int dollar, StringBuilder word) {
        int i = dollar + 1;
        if (i < text.length() && text.charAt(i) == '{') {
            int close = closingBrace(text, i + 1);
            if (close < 0) {
                throw refuse(instruction, "has an unterminated ${ reference");
            }
            String inner = text.substring(i + 1, close);
            Matcher m = BRACED_VARIABLE.matcher(inner);
            if (!m.matches()) {
                throw refuse(instruction, "has an unsupported variable reference " + quote("${" + inner + "}"));
            }
            String value = lookup(m.group(1));
            String modifier = m.group(2);
            if (modifier == null) {
                word.append(value == null ? "" : value);
            } else {
                boolean set = modifier.startsWith(":") ? value != null && !value.isEmpty() : value != null;
                if (modifier.endsWith("-")) {
                    word.append(set ? value : word(instruction, m.group(3)));
                } else if (set) {
                    word.append(word(instruction, m.group(3)));
                }
            }
            return close + 1;
        }
        int end = i;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
            end++;
        }
        if (end == i || Character.isDigit(text.charAt(i))) {
            word.append('$');
            return i;
        }
        String value = lookup(text.substring(i, end));
        word.append(value == null ? "" : value);
        return end;
    }

    private static int closingBrace(String text, int from) {
        int depth = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{' && i > 0 && text.charAt(i - 1) == '$') {
                depth++;
            } else if (c == '}' && depth-- == 0) {
                return i;
            }
        }
        return -1;
    }

    /** {@code path} against {@code base} (null meaning '/'), with '.' and '..' resolved as a Linux path. */
    private static String absolute(String base, String path) {
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

    private static String flagName(String flag) {
        int equals = flag.indexOf('=');
        int space = firstWhitespace(flag);
        int end = equals < 0 ? (space < 0 ? flag.length() : space) : equals;
        return flag.substring(0, end).toLowerCase(Locale.ROOT);
    }

    private boolean isBlankOrComment(String line) {
        String stripped = line.strip();
        return stripped.isEmpty() || stripped.startsWith("#");
    }

    private static int firstWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static UnsupportedDockerfileException refuse(Instruction instruction, String reason) {
        return new UnsupportedDockerfileException(instruction.line(), instruction.keyword(), reason);
    }

    private static String quote(String value) {
        return InvalidNameException.quote(value);
    }
}
