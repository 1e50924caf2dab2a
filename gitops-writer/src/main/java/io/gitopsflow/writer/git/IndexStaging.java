package io.gitopsflow.writer.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Set;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.file.ObjectDirectory;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * {@code git add --all} of the paths an applier resolved (new, changed and deleted files), made directly on the index
 * with JGit's {@link DirCacheEditor}: nothing else can have changed, so the rest of the work tree is not read, and each
 * file is read once.
 */
final class IndexStaging {

    private IndexStaging() {}

    /**
     * Stages {@code paths} of the work tree at {@code root}. A file keeps its executable bit, a symbolic link is staged
     * as a link (its target's text), a folder is left alone (an applier writes files).
     *
     * @return whether the index now differs from the tree of {@code start}
     */
    static boolean stage(Repository repository, Path root, Set<String> paths, ObjectId start) throws IOException {
        if (paths.isEmpty()) {
            return false;
        }
        ObjectId startTree = treeOf(repository, start);
        DirCache index = repository.lockDirCache();
        try (ObjectInserter inserter = newInserter(repository)) {
            DirCacheEditor editor = index.editor();
            for (String path : paths) {
                DirCacheEditor.PathEdit edit = edit(index, inserter, root, path);
                if (edit != null) {
                    editor.add(edit);
                }
            }
            editor.finish();
            ObjectId tree = index.writeTree(inserter);
            inserter.flush();
            index.write();
            if (!index.commit()) {
                throw new IOException("cannot write the index of the local clone");
            }
            return !tree.equals(startTree);
        } finally {
            index.unlock();
        }
    }

    /** The index edit for one path: delete it, or point it at its content stored now; null for a folder. */
    private static DirCacheEditor.PathEdit edit(DirCache index, ObjectInserter inserter, Path root, String path)
            throws IOException {
        Path file = root.resolve(path);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            return new DirCacheEditor.DeletePath(path);
        }
        byte[] content;
        FileMode mode;
        if (attributes.isSymbolicLink()) {
            content = Files.readSymbolicLink(file)
                    .toString()
                    .replace(file.getFileSystem().getSeparator(), "/")
                    .getBytes(StandardCharsets.UTF_8);
            mode = FileMode.SYMLINK;
        } else if (attributes.isRegularFile()) {
            content = Files.readAllBytes(file);
            DirCacheEntry existing = index.getEntry(path);
            mode = existing != null && existing.getFileMode() == FileMode.EXECUTABLE_FILE
                    ? FileMode.EXECUTABLE_FILE
                    : FileMode.REGULAR_FILE;
        } else {
            return null;
        }
        ObjectId blob = inserter.insert(Constants.OBJ_BLOB, content);
        long length = content.length;
        Instant modified = attributes.lastModifiedTime().toInstant();
        return new DirCacheEditor.PathEdit(path) {
            @Override
            public void apply(DirCacheEntry entry) {
                entry.setFileMode(mode);
                entry.setObjectId(blob);
                entry.setLength(length);
                entry.setLastModified(modified);
            }
        };
    }

    /**
     * An inserter that writes what a batch stores (a blob per file, a tree per folder on the way) as one pack rather
     * than as hundreds of loose objects, which the push would read back one file at a time; the packs are merged by
     * the automatic garbage collection after a write.
     */
    private static ObjectInserter newInserter(Repository repository) {
        if (repository.getObjectDatabase() instanceof ObjectDirectory objects) {
            PackInserter packed = objects.newPackInserter();
            packed.checkExisting(true);
            return packed;
        }
        return repository.newObjectInserter();
    }

    private static ObjectId treeOf(Repository repository, ObjectId commit) throws IOException {
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(commit).getTree().getId();
        }
    }
}
