package io.gitopsflow.buildworker.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Folders only their owner may enter: the clone and layer caches hold private source and images. */
public final class OwnerOnlyFolders {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyFolders() {}

    /** Creates {@code folder} (and its parents) and leaves it {@code rwx------} where the file system has modes. */
    public static Path create(Path folder) {
        try {
            Files.createDirectories(folder);
            if (Files.getFileAttributeView(folder, PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(folder, OWNER_ONLY);
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cache folder " + folder, e);
        }
    }

    /** {@code <cache-directory>/<name>}: the configured cache root is made owner-only first. */
    public static Path cache(BuildWorkerConfig config, String name) {
        return create(Path.of(config.cacheDirectory())).resolve(name);
    }
}
