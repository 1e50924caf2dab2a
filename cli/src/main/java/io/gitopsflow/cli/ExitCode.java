package io.gitopsflow.cli;

/**
 * The CLI's exit codes, for scripts and CI jobs: 0 the command did what was asked, 1 it was refused or failed (the
 * server said no, could not be reached, a file has problems), 2 the command line itself was wrong (picocli's usage
 * errors).
 */
public final class ExitCode {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private ExitCode() {}
}
