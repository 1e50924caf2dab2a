package io.gitopsflow.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

/**
 * Files that hold secrets (settings with passwords, bearer tokens), created readable and writable by their owner only
 * ({@code 0600}, in a {@code 0700} folder where this process makes the folder), so another user of the machine cannot
 * read them.
 */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {}

    /** Writes {@code text} to {@code file}, replacing it, with owner-only permissions from the first byte on. */
    public static Path write(Path file, String text) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            if (!Files.exists(folder)) {
                Files.createDirectories(
                        folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.deleteIfExists(file);
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException raced) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * Writes {@code settings} as a properties file {@code <folder>/application.properties} (keys with a space are
     * labels, not properties, and are left out) with {@code config_ordinal} set, owner-only; returns the file.
     */
    public static Path properties(Path folder, Map<String, String> settings, int configOrdinal) {
        Properties properties = new Properties();
        settings.forEach((key, value) -> {
            if (!key.contains(" ")) {
                properties.setProperty(key, value);
            }
        });
        properties.setProperty("config_ordinal", Integer.toString(configOrdinal));
        var text = new java.io.StringWriter();
        try (Writer writer = text) {
            properties.store(writer, "written by gitops-flow's ServiceProcess; owner-only, it may hold secrets");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return write(folder.resolve("application.properties"), text.toString());
    }
}
