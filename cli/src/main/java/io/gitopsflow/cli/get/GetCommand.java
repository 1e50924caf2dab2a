package io.gitopsflow.cli.get;

import picocli.CommandLine.Command;

/** {@code gitops-flow get <what>}: lists of what the console knows, as kubectl/argocd {@code get} do. */
@Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description = "List pipelines, stages, Freight or promotions.",
        subcommands = {GetPipelines.class, GetStages.class, GetFreight.class, GetPromotions.class})
public class GetCommand {}
