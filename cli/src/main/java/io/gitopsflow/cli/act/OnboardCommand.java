package io.gitopsflow.cli.act;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.cli.ExitCode;
import io.gitopsflow.cli.Names;
import io.gitopsflow.cli.ServerOptions;
import io.gitopsflow.cli.output.OutputOptions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gitops-flow onboard <name> --image … --stages dev,staging,prod --layout helm --repo …}: writes a new
 * application's files per stage, its Argo CD Applications and its pipeline to the GitOps repository, as one commit or
 * one pull request (gitops-writer, through the console; the role {@code onboarder}). The same command again changes
 * nothing and names the commit or the open pull request.
 */
@Command(
        name = "onboard",
        mixinStandardHelpOptions = true,
        description = "Onboard an application: values or overlays per stage, Argo CD Applications and its pipeline,"
                + " in one commit or pull request.")
public class OnboardCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "<name>", description = "The application (a DNS label)")
    String name;

    @Option(
            names = "--image",
            required = true,
            paramLabel = "<repository>",
            description = "The image repository its Warehouse subscribes to, e.g. ghcr.io/acme/books-api")
    String image;

    @Option(
            names = "--stages",
            required = true,
            split = ",",
            paramLabel = "<stage>",
            description = "The stages in promotion order, e.g. dev,staging,prod")
    List<String> stages;

    @Option(
            names = "--layout",
            defaultValue = "helm",
            paramLabel = "<layout>",
            description = "helm (values per stage) or kustomize (overlays per stage); default: ${DEFAULT-VALUE}")
    String layout;

    @Option(names = "--repo", required = true, paramLabel = "<url>", description = "The GitOps repository's clone URL")
    String repositoryUrl;

    @Option(
            names = "--branch",
            defaultValue = "main",
            paramLabel = "<branch>",
            description = "The branch the Applications track; default: ${DEFAULT-VALUE}")
    String branch;

    @Option(names = "--pull-request", description = "Open a pull request rather than commit to the branch")
    boolean pullRequest;

    @Mixin
    ServerOptions server;

    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String application = Names.dnsLabel("application", name);
        stages.forEach(stage -> Names.dnsLabel("stage", stage));
        JsonNode answer = Actions.act(
                server.console(),
                "onboard " + application,
                api -> api.onboard(
                        Actions.onboarding(application, image, stages, layout, repositoryUrl, branch, pullRequest)));
        Actions.print(spec.commandLine().getOut(), output.format(), answer, line(application, answer));
        return ExitCode.OK;
    }

    /** "books-api: committed 1a2b3c4 (9 files)", "books-api: pull request opened https://…", … */
    static String line(String application, JsonNode answer) {
        String status = answer.path("status").asText("done");
        String commit = answer.path("commit").asText("");
        String where = answer.hasNonNull("pullRequestUrl")
                ? answer.path("pullRequestUrl").asText()
                : commit.substring(0, Math.min(7, commit.length()));
        int files = answer.path("files").size();
        return application + ": " + status.replace('-', ' ') + " " + where + " (" + files
                + (files == 1 ? " file)" : " files)");
    }
}
