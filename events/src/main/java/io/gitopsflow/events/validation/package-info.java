/** Validation of names that come from outside before they reach a file path, a YAML file, a Git ref or a query. */
package io.gitopsflow.events.validation;
