package io.gitopsflow.spec.pipeline;

/**
 * One thing wrong in a pipeline file, where it is.
 *
 * @param file the file, relative to the pipelines folder
 * @param line the line, from 1 (0 when the whole file is meant)
 * @param column the column, from 1 (0 when unknown)
 * @param message what is wrong
 */
public record PipelineError(String file, int line, int column, String message) {

    @Override
    public String toString() {
        return line == 0 ? file + ": " + message : file + ":" + line + ":" + column + ": " + message;
    }
}
