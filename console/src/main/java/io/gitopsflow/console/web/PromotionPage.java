package io.gitopsflow.console.web;

import io.gitopsflow.console.api.Board;
import io.gitopsflow.console.api.PromotionDetail;
import io.gitopsflow.console.api.StageBoard;
import io.gitopsflow.console.config.UiConfig;
import io.gitopsflow.console.rest.Names;
import io.gitopsflow.console.service.AnalysisRuns;
import io.gitopsflow.console.service.BoardService;
import io.gitopsflow.console.service.PromotionAuditTrail;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * One promotion whole, for the people who requested, review or investigate it: what it promotes where, its phase
 * history, each GitOps write with what it changed (a two-line diff) and its commit, the reviewers' decisions, its
 * verifications metric by metric, and every event recorded for it (the audit). Read from the read model
 * ({@link PromotionQueries}); its approve, reject and abort forms post to the promotion's action routes.
 */
@Path("/ui")
@Authenticated
@Blocking
@Produces(MediaType.TEXT_HTML)
public class PromotionPage {

    /** The phases a promotion ends in: nothing is left to abort. */
    private static final Set<String> FINAL = Set.of("Succeeded", "Failed", "Aborted", "Rejected");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance promotion(Page page, View view, AnalysisPanel analysis, AuditPanel audit);
    }

    /**
     * What the page shows.
     *
     * @param promotion the promotion as the read model holds it
     * @param writes its GitOps writes with each commit's web page
     * @param approverRole the role the stage's approvers hold, or null
     * @param mayReview whether the user may approve or reject it now (pending, and they hold the role)
     * @param mayAbort whether it still runs
     */
    public record View(
            PromotionDetail promotion, List<Write> writes, String approverRole, boolean mayReview, boolean mayAbort) {}

    /**
     * A GitOps write and the web page of its commit.
     *
     * @param write the write
     * @param commitUrl the commit's web page, or null (no {@code commit-url} set, no commit, not an http(s) page)
     */
    public record Write(PromotionDetail.GitOpsWrite write, String commitUrl) {}

    private final Pages pages;
    private final PromotionQueries promotions;
    private final BoardService boards;
    private final UiConfig config;
    private final SecurityIdentity identity;
    private final AnalysisRuns analysisRuns;
    private final PromotionAuditTrail auditTrail;

    public PromotionPage(
            Pages pages,
            PromotionQueries promotions,
            BoardService boards,
            UiConfig config,
            SecurityIdentity identity,
            AnalysisRuns analysisRuns,
            PromotionAuditTrail auditTrail) {
        this.analysisRuns = analysisRuns;
        this.auditTrail = auditTrail;
        this.pages = pages;
        this.promotions = promotions;
        this.boards = boards;
        this.config = config;
        this.identity = identity;
    }

    @GET
    @Path("promotions/{id}")
    @Operation(hidden = true)
    public Response promotion(@PathParam("id") String id) {
        Page page = pages.page(identity);
        String promotionId = Names.promotionId(id);
        PromotionDetail promotion = promotions
                .detail(promotionId)
                .orElseThrow(() -> new NotFoundException(
                        "promotion " + promotionId + " is not known to the console: no event of it was seen"));
        String role = boards.board(promotion.pipeline()).map(Board::stages).orElse(List.of()).stream()
                .filter(stage -> stage.name().equals(promotion.stage()))
                .findFirst()
                .map(StageBoard::approverRole)
                .orElse(null);
        List<Write> writes = promotion.writes().stream()
                .map(write -> new Write(write, commitUrl(write).orElse(null)))
                .toList();
        View view = new View(
                promotion,
                writes,
                role,
                "Pending".equals(promotion.phase()) && page.user().holds(role),
                !FINAL.contains(promotion.phase()));
        AnalysisPanel analysis = AnalysisPanel.of(analysisRuns.latestOf(promotionId));
        AuditPanel audit = AuditPanel.of(promotionId, auditTrail.of(promotionId));
        return Response.ok(Templates.promotion(page, view, analysis, audit).render())
                .type(MediaType.TEXT_HTML_TYPE)
                .build();
    }

    /** The commit's web page from {@code gitops-flow.console.ui.commit-url}; only an http(s) page is linked. */
    private Optional<String> commitUrl(PromotionDetail.GitOpsWrite write) {
        if (write.commit() == null || write.repositoryUrl() == null) {
            return Optional.empty();
        }
        String repository = write.repositoryUrl().endsWith(".git")
                ? write.repositoryUrl().substring(0, write.repositoryUrl().length() - 4)
                : write.repositoryUrl();
        return config.commitUrl()
                .map(template -> template.replace("{repository}", repository).replace("{commit}", write.commit()))
                .filter(url -> url.startsWith("https://") || url.startsWith("http://"));
    }
}
