package io.gitopsflow.writer.service;

import io.gitopsflow.events.PromotionRequested;
import io.gitopsflow.writer.edit.Artifact;
import io.gitopsflow.writer.edit.EditResult;
import io.gitopsflow.writer.edit.ManifestEditException;
import io.gitopsflow.writer.edit.ManifestEditors;
import io.gitopsflow.writer.git.Applier;
import io.gitopsflow.writer.git.CommitMessages.Change;
import io.gitopsflow.writer.git.WorkTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch's edits on a freshly fetched work tree: each request's file is edited by the editor of its kind with the
 * request's artifact (image, chart or commit), and what
 * each attempt found is kept (an attempt after a rejected push starts over on the new branch head). A request whose
 * edit cannot be made is recorded as failed; the others still land.
 */
final class BatchEdits implements Applier<Change> {

    private final ManifestEditors editors;
    private final List<PromotionRequested> requests;
    private final Map<String, EditResult> edits = new LinkedHashMap<>();
    private final Map<String, String> failures = new LinkedHashMap<>();

    BatchEdits(ManifestEditors editors, List<PromotionRequested> requests) {
        this.editors = editors;
        this.requests = List.copyOf(requests);
    }

    @Override
    public List<Change> apply(WorkTree workTree) {
        edits.clear();
        failures.clear();
        List<Change> changes = new ArrayList<>();
        for (PromotionRequested request : requests) {
            try {
                EditResult edit = edit(workTree, request);
                edits.put(request.requestId(), edit);
                if (edit.changed()) {
                    changes.add(change(request, edit));
                }
            } catch (ManifestEditException | IllegalArgumentException e) {
                failures.put(request.requestId(), e.getMessage());
            } catch (IOException e) {
                failures.put(
                        request.requestId(),
                        "cannot read or write " + request.target().path());
            }
        }
        return changes;
    }

    /** The last attempt's edit of a request, or null when it failed or did not run. */
    EditResult edit(String requestId) {
        return edits.get(requestId);
    }

    /** Why the last attempt could not edit a request's file, or null. */
    String failure(String requestId) {
        return failures.get(requestId);
    }

    private EditResult edit(WorkTree workTree, PromotionRequested request) throws IOException {
        Path file = workTree.resolve(request.target().path());
        if (!Files.isRegularFile(file)) {
            throw new ManifestEditException(request.target().path() + " is not a file in "
                    + request.target().branch());
        }
        EditResult edit = editors.edit(Files.readString(file), request.target(), Artifact.of(request));
        if (edit.changed()) {
            WorkTree.overwrite(file, edit.text());
        }
        return edit;
    }

    private static Change change(PromotionRequested request, EditResult edit) {
        return new Change(
                request.project(),
                request.stage(),
                request.target().argoCdApplication() != null
                        ? request.target().argoCdApplication()
                        : request.target().path(),
                edit.previousValue(),
                edit.newValue(),
                request.promotionId(),
                request.freightId(),
                Artifact.of(request).description());
    }
}
