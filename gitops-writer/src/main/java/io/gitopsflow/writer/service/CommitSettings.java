package io.gitopsflow.writer.service;

import io.gitopsflow.writer.git.CommitMessages;
import io.gitopsflow.writer.git.GitIdentity;

/**
 * How the writer's commits read: the message template, the author and the committer.
 *
 * @param messages the subject template and the body with the trailers
 * @param author the commit author
 * @param committer the committer
 */
public record CommitSettings(CommitMessages messages, GitIdentity author, GitIdentity committer) {

    /** The default message, one identity as author and committer. */
    public static CommitSettings of(GitIdentity identity) {
        return new CommitSettings(new CommitMessages(), identity, identity);
    }
}
