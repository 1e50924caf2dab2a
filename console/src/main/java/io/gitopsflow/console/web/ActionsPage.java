package io.gitopsflow.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsflow.console.api.ActionComment;
import io.gitopsflow.console.api.PromoteRequest;
import io.gitopsflow.console.rest.Names;
import io.gitopsflow.console.service.PromotionActions;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The console's buttons: approve, reject (with a comment), abort, reverify and promote, each a form posted here with
 * its CSRF token, checked, then passed through to promotion-service with the user's own token ({@link
 * PromotionActions}), which decides. On success the browser is sent to the pipeline's board, or to the new promotion's
 * page (Post/Redirect/Get); a refusal, the console's or promotion-service's, is the {@link ErrorPage} with its status
 * and reason.
 */
@Path("/ui")
@Authenticated
@Blocking
@Produces(MediaType.TEXT_HTML)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class ActionsPage {

    private static final Pattern PROMOTION_ID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final PromotionActions actions;
    private final FormTokens forms;
    private final ErrorPage errors;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    public ActionsPage(
            PromotionActions actions,
            FormTokens forms,
            ErrorPage errors,
            SecurityIdentity identity,
            ObjectMapper json) {
        this.actions = actions;
        this.forms = forms;
        this.errors = errors;
        this.identity = identity;
        this.json = json;
    }

    /** Approve, reject or abort a promotion: the same form, only promotion-service's action differs. */
    @POST
    @Path("promotions/{id}/{action: approve|reject|abort}")
    @Operation(hidden = true)
    public Response review(
            @PathParam("id") String id,
            @PathParam("action") String action,
            @FormParam("csrf") String csrf,
            @FormParam("pipeline") String pipeline,
            @FormParam("comment") String comment) {
        forms.require(identity, csrf);
        String promotion = Names.promotionId(id);
        ActionComment checked = comment(comment);
        if ("reject".equals(action) && checked.comment() == null) {
            throw Names.badRequest("a rejection needs a comment: say why, the requester reads it");
        }
        return act(pipeline, () -> switch (action) {
            case "approve" -> actions.approve(promotion, checked);
            case "reject" -> actions.reject(promotion, checked);
            default -> actions.abort(promotion, checked);
        });
    }

    @POST
    @Path("pipelines/{pipeline}/stages/{stage}/reverify")
    @Operation(hidden = true)
    public Response reverify(
            @PathParam("pipeline") String pipeline,
            @PathParam("stage") String stage,
            @FormParam("csrf") String csrf,
            @FormParam("comment") String comment) {
        forms.require(identity, csrf);
        String name = Names.dnsLabel("stage", stage);
        ActionComment checked = comment(comment);
        return act(pipeline, () -> actions.reverify(Names.dnsLabel("pipeline", pipeline), name, checked));
    }

    @POST
    @Path("pipelines/{pipeline}/stages/{stage}/promotions")
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
        return act(() -> actions.promote(project, name, request), this::promotionPage, back);
    }

    /** Passes the action on once the board to return to is known. */
    private Response act(String pipeline, Supplier<Uni<Response>> action) {
        String board = "/ui/pipelines/" + Names.dnsLabel("pipeline", pipeline);
        return act(action, answer -> Response.seeOther(URI.create(board)).build(), board);
    }

    /**
     * Passes the action on: {@code success} answers promotion-service's 2xx, any other answer of it becomes a page
     * linking {@code back}.
     */
    private Response act(Supplier<Uni<Response>> action, Function<Response, Response> success, String back) {
        Response answer = action.get().await().indefinitely();
        try (answer) {
            // PromotionActions gives promotion-service's body as the entity of its answer
            return answer.getStatus() < 300 ? success.apply(answer) : errors.of(answer, back);
        }
    }

    /** The new promotion's page (303), named by promotion-service's answer. */
    private Response promotionPage(Response answer) {
        JsonNode tree = json.createObjectNode();
        if (answer.getEntity() instanceof String body && !body.isBlank()) {
            try {
                tree = json.readTree(body);
            } catch (IOException e) {
                // no id in it: the page below says so
            }
        }
        String id = tree.path("promotion").path("id").asText(tree.path("id").asText(""));
        if (!PROMOTION_ID.matcher(id).matches()) {
            return errors.of(502, "promotion-service accepted the promotion but named no promotion id", null);
        }
        return Response.seeOther(URI.create("/ui/promotions/" + id)).build();
    }

    private static ActionComment comment(String comment) {
        String text = comment == null || comment.isBlank() ? null : comment.strip();
        return new ActionComment(Names.text("comment", text));
    }
}
