package io.gitopsflow.spec.analysis.condition;

/** An expression expr-lang would not compile, or that gitops-flow refuses, with where in its text the problem is. */
final class ExprSyntaxException extends RuntimeException {

    private final int line;
    private final int column;

    ExprSyntaxException(String message, int line, int column) {
        super(message);
        this.line = line;
        this.column = column;
    }

    ExprSyntaxException(String message, ExprToken at) {
        this(message, at.line(), at.column());
    }

    /** The message and where, as {@code message (line:column)}, the way expr-lang reports a position. */
    String located() {
        return getMessage() + " (" + line + ":" + column + ")";
    }
}
