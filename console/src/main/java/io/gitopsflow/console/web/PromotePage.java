package io.gitopsflow.console.web;

import io.gitopsflow.console.api.FreightEntry;
import io.gitopsflow.console.api.PromotionDetail;
import io.gitopsflow.console.api.StageBoard;
import io.gitopsflow.console.config.UiConfig;
import io.gitopsflow.console.rest.Names;
import io.gitopsflow.console.service.BoardService;
import io.gitopsflow.console.service.FreightQueries;
import io.gitopsflow.console.service.PromotionQueries;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Promoting a Freight into a stage from the web console: first a page that says exactly what will be written where
 * (the Freight's images into the stage's GitOps target as its last write named it), whether reviewers must approve it
 * and whether it is a rollback, with the form that {@link ActionsPage} passes to promotion-service.
 */
@Path("/ui")
@Authenticated
@Blocking
@Produces(MediaType.TEXT_HTML)
public class PromotePage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance confirm(Page page, Plan plan);
    }

    /**
     * What promoting a Freight into a stage will do.
     *
     * @param pipeline the pipeline
     * @param stage the stage
     * @param freight the Freight with its state in every stage
     * @param current whether the Freight already runs in the stage
     * @param rollback whether the Freight is older than the one the stage runs
     * @param currentAlias the alias (else the abbreviated id) of the Freight the stage runs, or null
     * @param target the stage's GitOps target as its latest write named it, or null when none was seen
     * @param requiredApprovals how many approvals the stage requires
     * @param approverRole the role its approvers hold, or null
     * @param mayOverrideWindow whether the user holds the role that overrides a promotion window
     */
    public record Plan(
            String pipeline,
            String stage,
            FreightEntry freight,
            boolean current,
            boolean rollback,
            String currentAlias,
            PromotionDetail.GitOpsWrite target,
            int requiredApprovals,
            String approverRole,
            boolean mayOverrideWindow) {

        /** The Freight's alias, else its id abbreviated. */
        public String name() {
            return freight.alias() != null ? freight.alias() : FlowPageFormat.abbreviated(freight.id());
        }
    }

    private final Pages pages;
    private final BoardService boards;
    private final FreightQueries freight;
    private final PromotionQueries promotions;
    private final UiConfig config;
    private final SecurityIdentity identity;

    public PromotePage(
            Pages pages,
            BoardService boards,
            FreightQueries freight,
            PromotionQueries promotions,
            UiConfig config,
            SecurityIdentity identity) {
        this.pages = pages;
        this.boards = boards;
        this.freight = freight;
        this.promotions = promotions;
        this.config = config;
        this.identity = identity;
    }

    @GET
    @Path("pipelines/{pipeline}/stages/{stage}/promote")
    @Operation(hidden = true)
    public Response confirm(
            @PathParam("pipeline") String pipeline,
            @PathParam("stage") String stage,
            @QueryParam("freight") String freightName) {
        Page page = pages.page(identity);
        String project = Names.dnsLabel("pipeline", pipeline);
        String name = Names.dnsLabel("stage", stage);
        String wanted = Names.freight(freightName);
        StageBoard target = boards.board(project).stream()
                .flatMap(board -> board.stages().stream())
                .filter(candidate -> candidate.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new NotFoundException(
                        "stage '" + name + "' of pipeline '" + project + "' is not known to the console"));
        FreightEntry entry = freight.one(project, wanted)
                .map(list -> list.freight().get(0))
                .orElseThrow(() -> new NotFoundException(
                        "Freight '" + wanted + "' of pipeline '" + project + "' is not known to the console"));
        Optional<FreightEntry.StageState> state = entry.stages().stream()
                .filter(candidate -> candidate.stage().equals(name))
                .findFirst();
        Plan plan = new Plan(
                project,
                name,
                entry,
                state.map(FreightEntry.StageState::current).orElse(false),
                state.map(FreightEntry.StageState::olderThanCurrent).orElse(false),
                currentName(target),
                lastTarget(target).orElse(null),
                target.requiredApprovals(),
                target.approverRole(),
                page.user().holds(config.overrideRole()));
        return html(Response.Status.OK.getStatusCode(), Templates.confirm(page, plan));
    }

    /**
     * The stage's GitOps target as its latest promotion's (else its current promotion's) newest write with a target
     * named it; empty when the read model holds none.
     */
    private Optional<PromotionDetail.GitOpsWrite> lastTarget(StageBoard stage) {
        List<String> candidates = new ArrayList<>();
        if (stage.latestPromotion() != null) {
            candidates.add(stage.latestPromotion().id());
        }
        if (stage.current() != null && !candidates.contains(stage.current().promotionId())) {
            candidates.add(stage.current().promotionId());
        }
        for (String id : candidates) {
            List<PromotionDetail.GitOpsWrite> writes =
                    promotions.detail(id).map(PromotionDetail::writes).orElse(List.of());
            for (int i = writes.size() - 1; i >= 0; i--) {
                if (writes.get(i).repositoryUrl() != null) {
                    return Optional.of(writes.get(i));
                }
            }
        }
        return Optional.empty();
    }

    private static String currentName(StageBoard stage) {
        if (stage.current() == null || stage.current().freight() == null) {
            return null;
        }
        String alias = stage.current().freight().alias();
        return alias != null
                ? alias
                : FlowPageFormat.abbreviated(stage.current().freight().id());
    }

    private static Response html(int status, TemplateInstance page) {
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE)
                .entity(page.render())
                .build();
    }
}
