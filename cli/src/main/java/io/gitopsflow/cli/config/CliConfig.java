package io.gitopsflow.cli.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.gitopsflow.cli.CliException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * The user's stored login, {@code config.json} in the CLI's config directory: {@code $GITOPS_FLOW_CONFIG_DIR}, else
 * {@code $XDG_CONFIG_HOME/gitops-flow}, else {@code ~/.config/gitops-flow}. The directory is the owner's only (700)
 * and the file too (600), written whole to a temporary file and moved in place, so a token is never readable by others
 * nor half written.
 */
public final class CliConfig {

    static final String FILE = "config.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path directory;

    public CliConfig(Path directory) {
        this.directory = directory;
    }

    /** The config of the user running the CLI, from the environment. */
    public static CliConfig ofUser() {
        return new CliConfig(directoryOf(System.getenv(), System.getProperty("user.home")));
    }

    static Path directoryOf(Map<String, String> env, String home) {
        String own = env.get("GITOPS_FLOW_CONFIG_DIR");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "gitops-flow");
        }
        return Path.of(home, ".config", "gitops-flow");
    }

    public Path directory() {
        return directory;
    }

    public Path file() {
        return directory.resolve(FILE);
    }

    /** The stored login, if there is one. */
    public Optional<StoredLogin> login() {
        Path file = file();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), StoredLogin.class));
        } catch (IOException e) {
            throw new CliException(
                    "cannot read " + file + " (" + e.getClass().getSimpleName() + "): run `gitops-flow login` again");
        }
    }

    /** Stores {@code login}, readable by its owner only. */
    public void save(StoredLogin login) {
        try {
            Files.createDirectories(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            Path temporary = Files.createTempFile(
                    directory,
                    ".config",
                    ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            JSON.writeValue(temporary.toFile(), login);
            try {
                Files.move(temporary, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CliException("cannot store the login in " + directory + ": " + e.getMessage());
        }
    }

    /** Forgets the stored login; true when there was one. */
    public boolean forget() {
        try {
            return Files.deleteIfExists(file());
        } catch (IOException e) {
            throw new CliException("cannot remove " + file() + ": " + e.getMessage());
        }
    }
}
