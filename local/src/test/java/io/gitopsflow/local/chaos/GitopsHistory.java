package io.gitopsflow.local.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * The GitOps repository's branch as gitops-writer left it, walked with JGit from the first commit: every change of an
 * image field ({@code tag:} or {@code digest:}) of a YAML file is one stage write. A write repeated in a second commit
 * (the same file's field set to the same value again after it held another) is a double; the set of commits lets the
 * audit check that every commit promotion-service recorded as written is on the branch.
 *
 * @param writes each write ({@code <path> <field>=<value>}) with the commits that made it, oldest first
 * @param commits every commit on the branch
 */
record GitopsHistory(Map<String, List<String>> writes, Set<String> commits) {

    private static final Pattern IMAGE_FIELD =
            Pattern.compile("^\\s+(tag|digest):\\s*\"?([^\"#\\s]*)\"?", Pattern.MULTILINE);

    /** Walks {@code branch} of {@code repository}. */
    static GitopsHistory read(Repository repository, String branch) {
        Map<String, List<String>> writes = new LinkedHashMap<>();
        Set<String> commits = new HashSet<>();
        try (RevWalk walk = new RevWalk(repository);
                DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            diff.setRepository(repository);
            ObjectId head = repository.resolve(Constants.R_HEADS + branch);
            if (head == null) {
                return new GitopsHistory(writes, commits);
            }
            walk.markStart(walk.parseCommit(head));
            List<RevCommit> oldestFirst = new ArrayList<>();
            walk.forEach(oldestFirst::add);
            Collections.reverse(oldestFirst);
            for (RevCommit commit : oldestFirst) {
                commits.add(commit.name());
                if (commit.getParentCount() == 0) {
                    continue;
                }
                RevCommit parent = walk.parseCommit(commit.getParent(0));
                for (DiffEntry entry : diff.scan(parent.getTree(), commit.getTree())) {
                    for (String write : writes(repository, entry)) {
                        writes.computeIfAbsent(write, k -> new ArrayList<>()).add(commit.name());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk the GitOps repository", e);
        }
        return new GitopsHistory(writes, commits);
    }

    /** The writes whose commit is not alone. */
    List<String> doubles() {
        List<String> doubled = new ArrayList<>();
        writes.forEach((write, made) -> {
            if (made.size() > 1) {
                doubled.add(write + " written by " + made.size() + " commits: " + made);
            }
        });
        return doubled;
    }

    /** The image fields {@code entry} changed, each as {@code <path> <field>=<value>}. */
    private static List<String> writes(Repository repository, DiffEntry entry) throws IOException {
        String path = entry.getNewPath();
        if (entry.getChangeType() == DiffEntry.ChangeType.DELETE
                || !(path.endsWith(".yaml") || path.endsWith(".yml"))) {
            return List.of();
        }
        Map<String, String> before = fields(repository, entry.getOldId().toObjectId());
        Map<String, String> after = fields(repository, entry.getNewId().toObjectId());
        List<String> changed = new ArrayList<>();
        after.forEach((field, value) -> {
            if (!value.isEmpty() && !value.equals(before.get(field))) {
                changed.add(path + " " + field + "=" + value);
            }
        });
        return changed;
    }

    private static Map<String, String> fields(Repository repository, ObjectId blob) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        if (blob.equals(ObjectId.zeroId())) {
            return fields;
        }
        String text = new String(repository.open(blob).getBytes(), StandardCharsets.UTF_8);
        Matcher matcher = IMAGE_FIELD.matcher(text);
        while (matcher.find()) {
            fields.putIfAbsent(matcher.group(1), matcher.group(2));
        }
        return fields;
    }
}
