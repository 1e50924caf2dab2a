package io.gitopsflow.spec.analysis;

/**
 * One thing wrong in a template file, where it is and what is wrong.
 *
 * @param file the file
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param path the field, e.g. {@code spec.metrics[0].interval}
 * @param message what is wrong
 */
public record TemplateProblem(String file, int line, int column, String path, String message) {

    @Override
    public String toString() {
        String where = line > 0 ? file + ":" + line + ":" + column : file;
        return where + ": " + (path == null || path.isEmpty() ? "" : path + ": ") + message;
    }
}
