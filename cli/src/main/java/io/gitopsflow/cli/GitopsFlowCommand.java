package io.gitopsflow.cli;

import io.gitopsflow.cli.get.GetCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/**
 * {@code gitops-flow}: the command line of gitops-flow, in the kargo/argocd style ({@code verb noun}). Every command
 * talks to the console's REST API ({@code --server}) with the user's own token ({@code --token}, {@code
 * GITOPS_FLOW_TOKEN}, or the one {@code login} stored), except {@code lint} and {@code completion}, which work offline.
 */
@TopCommand
@Command(
        name = "gitops-flow",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Follow and steer gitops-flow: pipelines, Freight, promotions, approvals, commits, DORA.",
        subcommands = {GetCommand.class})
public class GitopsFlowCommand {}
