package io.gitopsflow.cli.completion;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.cli.CliRun;
import io.gitopsflow.cli.ExitCode;
import io.gitopsflow.cli.GitopsFlowCommand;
import org.junit.jupiter.api.Test;

/** {@code completion bash|zsh}: picocli's script of the whole command tree; zsh's through bashcompinit. */
class CompletionCommandTest {

    @Test
    void theBashScriptCompletesEveryCommandOfTheTree() {
        CliRun.Result bash = CliRun.run(new GitopsFlowCommand(), "completion", "bash");

        assertThat(bash.exitCode()).isZero();
        assertThat(bash.out())
                .startsWith("#!/usr/bin/env bash")
                .contains("complete -F _complete_gitops-flow")
                .contains("promote", "rollback", "timeline", "dora", "stages", "--override-window");
    }

    @Test
    void theZshScriptLoadsBashcompinitFirst() {
        CliRun.Result zsh = CliRun.run(new GitopsFlowCommand(), "completion", "ZSH");

        assertThat(zsh.exitCode()).isZero();
        assertThat(zsh.out()).startsWith(CompletionCommand.ZSH_PREAMBLE).contains("_complete_gitops-flow");
    }

    @Test
    void anotherShellIsAUsageError() {
        CliRun.Result fish = CliRun.run(new GitopsFlowCommand(), "completion", "fish");

        assertThat(fish.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(fish.err()).contains("expected one of [bash, zsh]");
    }
}
