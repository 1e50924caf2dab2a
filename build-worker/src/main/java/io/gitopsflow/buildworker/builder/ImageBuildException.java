package io.gitopsflow.buildworker.builder;

/** A build that cannot succeed as asked; the message is the {@code build-failed} reason. */
public class ImageBuildException extends RuntimeException {

    public ImageBuildException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
