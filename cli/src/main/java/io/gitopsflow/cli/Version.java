package io.gitopsflow.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code gitops-flow --version}: the version the jar was built as. */
public class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"gitops-flow " + (version == null ? "(development build)" : version)};
    }
}
