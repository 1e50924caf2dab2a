package io.gitopsflow.buildworker.dockerfile;

/** A Dockerfile line the jib builder cannot honour or cannot read; terminal, since a retry would read the same line. */
public final class UnsupportedDockerfileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final String instruction;

    /**
     * @param line the 1-based line where the instruction starts
     * @param instruction the instruction in upper case, or null when the problem is not one instruction's
     * @param reason what is wrong, continuing the sentence after the instruction
     */
    public UnsupportedDockerfileException(int line, String instruction, String reason) {
        super("Dockerfile line " + line + ": " + (instruction == null ? "" : instruction + " ") + reason);
        this.line = line;
        this.instruction = instruction;
    }

    public int line() {
        return line;
    }

    /** The instruction in upper case, or null. */
    public String instruction() {
        return instruction;
    }
}
