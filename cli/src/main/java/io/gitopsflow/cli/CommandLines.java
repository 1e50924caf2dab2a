package io.gitopsflow.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/** The command line Quarkus runs: options case-insensitive where they are enums, failures as one readable line. */
@ApplicationScoped
class CommandLines {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return factory.create().setCaseInsensitiveEnumValuesAllowed(true).setExecutionExceptionHandler(new Failures());
    }
}
