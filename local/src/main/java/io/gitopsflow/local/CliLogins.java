package io.gitopsflow.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;

/**
 * The local users, logged in to the local console for the command line: one config directory per user, holding what
 * {@code gitops-flow login} would store (the console's URL and the user's token, owner-only), so that {@code
 * GITOPS_FLOW_CONFIG_DIR=<dir> gitops-flow approve …} acts as that user without handling a token by hand.
 */
public final class CliLogins {

    /** The launcher the build makes, relative to the checkout. */
    public static final String LAUNCHER = "cli/target/gitops-flow";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Path> directories;

    private CliLogins(Map<String, Path> directories) {
        this.directories = directories;
    }

    /** Writes a config directory per local user under {@code folder}, logged in to {@code consoleUrl}. */
    public static CliLogins write(Path folder, String consoleUrl, UserTokens tokens) {
        Map<String, Path> directories = new TreeMap<>();
        for (String user : LocalTokens.USERS.keySet()) {
            Path directory = folder.resolve(user);
            ObjectNode login = JSON.createObjectNode().put("server", consoleUrl).put("accessToken", tokens.token(user));
            try {
                Files.createDirectories(directory);
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
                Path file = directory.resolve("config.json");
                Files.deleteIfExists(file);
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(login));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the command line's login of " + user, e);
            }
            directories.put(user, directory);
        }
        return new CliLogins(directories);
    }

    /** The config directory of {@code user}. */
    public Path directory(String user) {
        Path directory = directories.get(user);
        if (directory == null) {
            throw new IllegalArgumentException("no local user " + user);
        }
        return directory;
    }

    /** The shell command that runs {@code arguments} as {@code user}, e.g. {@code approve <id>}. */
    public String command(String user, String arguments) {
        return "GITOPS_FLOW_CONFIG_DIR=" + directory(user) + " " + LAUNCHER + " " + arguments;
    }
}
