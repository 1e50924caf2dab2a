package io.gitopsflow.console.web;

import io.gitopsflow.console.api.Board;
import io.gitopsflow.console.api.PipelineSummary;
import io.gitopsflow.console.service.BoardService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The first page: every pipeline with its stages' health at a glance. */
@Path("/ui")
@Authenticated
@Blocking
@Produces(MediaType.TEXT_HTML)
public class PipelinesPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance pipelines(Page page, List<Row> pipelines);
    }

    /**
     * One pipeline's line.
     *
     * @param summary what the console knows of it
     * @param stages each stage's health, in pipeline order
     */
    public record Row(PipelineSummary summary, List<StageHealth> stages) {}

    private final Pages pages;
    private final BoardService boards;
    private final SecurityIdentity identity;

    public PipelinesPage(Pages pages, BoardService boards, SecurityIdentity identity) {
        this.pages = pages;
        this.boards = boards;
        this.identity = identity;
    }

    @GET
    @Operation(hidden = true)
    public Response home() {
        return Response.seeOther(URI.create("/ui/pipelines")).build();
    }

    @GET
    @Path("pipelines")
    @Operation(hidden = true)
    public TemplateInstance pipelines() {
        List<Row> rows = boards.pipelines().stream()
                .map(summary -> new Row(summary, health(summary.name())))
                .toList();
        return Templates.pipelines(pages.page(identity), rows);
    }

    private List<StageHealth> health(String pipeline) {
        return boards.board(pipeline).map(Board::stages).orElse(List.of()).stream()
                .map(StageHealth::of)
                .toList();
    }
}
