package io.gitopsflow.cli.output;

/** How a command prints what it got: a table for people, the console's JSON or YAML for scripts. */
public enum Format {
    table,
    json,
    yaml
}
