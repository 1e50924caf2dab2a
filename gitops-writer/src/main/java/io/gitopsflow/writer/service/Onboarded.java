package io.gitopsflow.writer.service;

import java.util.List;

/**
 * What an onboarding came to.
 *
 * @param status what happened
 * @param commit the commit that holds the files: the new one, or the head that already held them
 * @param pullRequestUrl the pull request's page, in pull-request mode
 * @param branch the branch the files are on (the pull request's own branch in that mode)
 * @param files every file of the onboarding, by repository path
 */
public record Onboarded(Status status, String commit, String pullRequestUrl, String branch, List<String> files) {

    public Onboarded {
        files = List.copyOf(files);
    }

    /** What an onboarding did. */
    public enum Status {
        /** The files were committed to the branch. */
        COMMITTED,
        /** The files were pushed to the onboarding branch and its pull request opened. */
        PULL_REQUEST_OPENED,
        /** The pull request was open already (the same request again): nothing new was opened. */
        PULL_REQUEST_OPEN,
        /** The branch holds every file already: nothing was written. */
        ALREADY_ONBOARDED
    }

    /** Whether this call created something (a commit or a pull request). */
    public boolean created() {
        return status == Status.COMMITTED || status == Status.PULL_REQUEST_OPENED;
    }
}
