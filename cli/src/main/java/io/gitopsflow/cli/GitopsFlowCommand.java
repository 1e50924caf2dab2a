package io.gitopsflow.cli;

import io.gitopsflow.cli.act.AbortCommand;
import io.gitopsflow.cli.act.ApproveCommand;
import io.gitopsflow.cli.act.OnboardCommand;
import io.gitopsflow.cli.act.PromoteCommand;
import io.gitopsflow.cli.act.RejectCommand;
import io.gitopsflow.cli.act.ReverifyCommand;
import io.gitopsflow.cli.act.RollbackCommand;
import io.gitopsflow.cli.auth.LoginCommand;
import io.gitopsflow.cli.auth.LogoutCommand;
import io.gitopsflow.cli.completion.CompletionCommand;
import io.gitopsflow.cli.dora.DoraCommand;
import io.gitopsflow.cli.get.GetCommand;
import io.gitopsflow.cli.lint.LintCommand;
import io.gitopsflow.cli.timeline.TimelineCommand;
import io.gitopsflow.cli.watch.WatchCommand;
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
        subcommands = {
            LoginCommand.class,
            LogoutCommand.class,
            GetCommand.class,
            PromoteCommand.class,
            ApproveCommand.class,
            RejectCommand.class,
            AbortCommand.class,
            RollbackCommand.class,
            ReverifyCommand.class,
            OnboardCommand.class,
            TimelineCommand.class,
            WatchCommand.class,
            DoraCommand.class,
            LintCommand.class,
            CompletionCommand.class
        })
public class GitopsFlowCommand {}
