package io.gitopsflow.buildworker.dockerfile;

import static io.gitopsflow.buildworker.dockerfile.Instruction.firstWhitespace;
import static io.gitopsflow.buildworker.dockerfile.Instruction.flagName;
import static io.gitopsflow.buildworker.dockerfile.Instruction.quote;

import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.events.validation.RepositoryPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * COPY and ADD as the jib builder can honour them: files of the build context (no other stage, no URL, no archive to
 * unpack, no here-document), an optional {@code --chown}, into a destination resolved against the WORKDIR.
 */
final class CopyInstruction {

    static final Pattern OWNER = Pattern.compile("[^\\s:]+(?::[^\\s:]+)?");
    private static final Pattern ARCHIVE =
            Pattern.compile(".*\\.(tar|tar\\.gz|tgz|tar\\.bz2|tbz2?|tar\\.xz|txz|tar\\.zst)", Pattern.CASE_INSENSITIVE);

    private final ShellWords shell;

    CopyInstruction(ShellWords shell) {
        this.shell = shell;
    }

    /** The arguments after the flags, and the {@code --chown} owner or null. */
    private record Flags(String rest, String chown) {}

    /** The copy {@code instruction} asks for, its destination resolved against {@code workdir} (null meaning '/'). */
    DockerfilePlan.Copy read(Instruction instruction, boolean add, String workdir) {
        Flags flags = flags(instruction);
        List<String> words;
        if (flags.rest().startsWith("[")) {
            words = new ArrayList<>();
            for (String element : DockerfileParser.jsonArray(instruction, flags.rest())) {
                words.add(shell.word(instruction, element));
            }
        } else {
            words = shell.words(instruction, flags.rest());
        }
        if (words.size() < 2) {
            throw instruction.refuse("needs at least one source and a destination");
        }
        List<String> sources = new ArrayList<>();
        for (String source : words.subList(0, words.size() - 1)) {
            sources.add(source(instruction, source, add));
        }
        String destination = words.get(words.size() - 1);
        if (destination.isEmpty()) {
            throw instruction.refuse("has an empty destination");
        }
        boolean folder = destination.endsWith("/")
                || destination.equals(".")
                || destination.equals("..")
                || destination.endsWith("/.")
                || destination.endsWith("/..");
        if (sources.size() > 1 && !destination.endsWith("/")) {
            throw instruction.refuse("with more than one source needs a destination folder ending in '/'");
        }
        String resolved = DockerfileParser.absolute(workdir, destination);
        if (folder && !resolved.equals("/")) {
            resolved += "/";
        }
        return new DockerfilePlan.Copy(sources, resolved, flags.chown(), instruction.line());
    }

    private Flags flags(Instruction instruction) {
        String rest = instruction.arguments();
        String chown = null;
        while (rest.startsWith("--")) {
            int space = firstWhitespace(rest);
            String flag = space < 0 ? rest : rest.substring(0, space);
            rest = space < 0 ? "" : rest.substring(space).strip();
            String name = flagName(flag);
            if (name.equals("--chown") && flag.contains("=")) {
                chown = shell.word(instruction, flag.substring(flag.indexOf('=') + 1));
                if (!OWNER.matcher(chown).matches()) {
                    throw instruction.refuse("--chown must be 'user[:group]', not " + quote(chown));
                }
            } else if (name.equals("--chown")) {
                throw instruction.refuse("--chown needs a value: --chown=user[:group]");
            } else if (name.equals("--from")) {
                throw instruction.refuse("--from copies from another stage or image, which the jib builder cannot build"
                        + DockerfileParser.USE_KUBERNETES);
            } else {
                throw instruction.refuse(
                        quote(name) + " is not supported by the jib builder" + DockerfileParser.USE_KUBERNETES);
            }
        }
        return new Flags(rest, chown);
    }

    /** A context-relative source, normalized; {@code .} is the whole context. */
    private static String source(Instruction instruction, String source, boolean add) {
        if (add && (source.contains("://") || source.startsWith("git@"))) {
            throw instruction.refuse(
                    "of a URL cannot be built by the jib builder: fetch the file before the build and COPY it"
                            + DockerfileParser.USE_KUBERNETES);
        }
        if (add && ARCHIVE.matcher(source).matches()) {
            // ADD unpacks local archives; copying the archive as a file would build a different image
            throw instruction.refuse("of the archive " + quote(source)
                    + " would unpack it, which the jib builder does not do; use COPY, or builder: kubernetes");
        }
        if (source.startsWith("<<")) {
            throw instruction.refuse(
                    "here-documents are not supported by the jib builder" + DockerfileParser.USE_KUBERNETES);
        }
        if (source.contains("[")) {
            throw instruction.refuse("source " + quote(source) + ": only '*' and '?' globs are supported");
        }
        return String.join("/", segments(instruction, source));
    }

    /** The source's path segments; a leading '/' is the root of the context, as docker reads it. */
    private static List<String> segments(Instruction instruction, String source) {
        List<String> segments = new ArrayList<>();
        for (String segment : source.split("/")) {
            if (segment.equals("..")) {
                throw instruction.refuse("source " + quote(source) + " leaves the build context");
            }
            if (!segment.isEmpty() && !segment.equals(".")) {
                segments.add(segment);
            }
        }
        if (segments.isEmpty()) {
            return List.of(".");
        }
        for (String segment : segments.subList(0, segments.size() - 1)) {
            if (segment.contains("*") || segment.contains("?")) {
                throw instruction.refuse("source " + quote(source) + ": globs are supported only in the last segment");
            }
        }
        try {
            return List.of(RepositoryPaths.requireRelative("source", String.join("/", segments)));
        } catch (InvalidNameException e) {
            throw instruction.refuse(e.getMessage());
        }
    }
}
