package io.gitopsflow.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.console.api.FreightEntry;
import io.gitopsflow.console.api.PromoteRequest;
import io.gitopsflow.console.api.PromotionDetail;
import io.gitopsflow.console.api.StageBoard;
import io.gitopsflow.console.config.UiConfig;
import io.gitopsflow.console.rest.Names;
import io.gitopsflow.console.service.BoardService;
import io.gitopsflow.console.service.FreightQueries;
import io.gitopsflow.console.service.PromotionActions;
import io.gitopsflow.console.service.PromotionQueries;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Promoting a Freight into a stage from the web console: first a page that says exactly what will be written where
 * (the Freight's images into the stage's GitOps target as its last write named it), whether reviewers must approve it
 * and whether it is a rollback; then its form, which is passed to promotion-service with the user's token
 * ({@link PromotionActions}). promotion-service decides; its refusal is shown with its reason, its new promotion is
 * shown by a redirect to the promotion's page.
 */
@Path("/ui")
@Authenticated
@Blocking
@Produces(MediaType.TEXT_HTML)
public class PromotePage {

    private static final Pattern PROMOTION_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

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
    private final ErrorPage errors;
    private final FormTokens forms;
    private final BoardService boards;
    private final FreightQueries freight;
    private final PromotionQueries promotions;
    private final PromotionActions actions;
    private final ObjectMapper json;
    private final UiConfig config;
    private final SecurityIdentity identity;

    public PromotePage(
            Pages pages,
            ErrorPage errors,
            FormTokens forms,
            BoardService boards,
            FreightQueries freight,
            PromotionQueries promotions,
            PromotionActions actions,
            ObjectMapper json,
            UiConfig config,
            SecurityIdentity identity) {
        this.pages = pages;
        this.errors = errors;
        this.forms = forms;
        this.boards = boards;
        this.freight = freight;
        this.promotions = promotions;
        this.actions = actions;
        this.json = json;
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

    @POST
    @Path("pipelines/{pipeline}/stages/{stage}/promotions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response promote(
            @PathParam("pipeline") String pipeline,
            @PathParam("stage") String stage,
            @FormParam("csrf") String csrf,
            @FormParam("freight") String freightName,
            @FormParam("reason") String reason,
            @FormParam("overrideWindow") String overrideWindow) {
        forms.require(identity, csrf);
        String project = Names.dnsLabel("pipeline", pipeline);
        String name = Names.dnsLabel("stage", stage);
        String text = Names.text("reason", reason);
        PromoteRequest request = new PromoteRequest(
                Names.freight(freightName),
                text == null || text.isBlank() ? null : text.strip(),
                overrideWindow != null && !overrideWindow.isEmpty() && !"false".equals(overrideWindow));
        String back = "/ui/pipelines/" + project + "/freight";
        Response answer = actions.promote(project, name, request).await().indefinitely();
        try (answer) {
            return outcome(answer, back);
        }
    }

    /** promotion-service's answer: its new promotion's page (303), else a page with its status and reason. */
    private Response outcome(Response answer, String back) {
        if (answer.getStatus() >= 200 && answer.getStatus() < 300) {
            JsonNode tree = parse(answer.getEntity() instanceof String text ? text : null);
            String id = tree.path("promotion").path("id").asText(tree.path("id").asText(""));
            if (PROMOTION_ID.matcher(id).matches()) {
                return Response.seeOther(URI.create("/ui/promotions/" + id)).build();
            }
            return errors.of(502, "promotion-service accepted the promotion but named no promotion id", back);
        }
        return errors.of(answer, back);
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
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
