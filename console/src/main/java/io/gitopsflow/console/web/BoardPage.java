package io.gitopsflow.console.web;

import io.gitopsflow.console.api.Board;
import io.gitopsflow.console.config.UiConfig;
import io.gitopsflow.console.rest.Names;
import io.gitopsflow.console.service.BoardService;
import io.gitopsflow.console.service.CommitHeaders;
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
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A pipeline's board: the Warehouse and the stages as a graph, each stage with its Freight, gates, windows, hold and
 * the promotions waiting for reviewers, with the buttons the user's roles allow. The board region is also its own
 * endpoint, which the page fetches again whenever the pipeline's live stream announces a change.
 */
@Path("/ui")
@Authenticated
@Blocking
@Produces(MediaType.TEXT_HTML)
public class BoardPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance board(Page page, BoardView view);

        static native TemplateInstance board$region(Page page, BoardView view);
    }

    private final Pages pages;
    private final BoardService boards;
    private final CommitHeaders commits;
    private final SecurityIdentity identity;
    private final String promoterRole;

    public BoardPage(
            Pages pages, BoardService boards, CommitHeaders commits, SecurityIdentity identity, UiConfig config) {
        this.pages = pages;
        this.boards = boards;
        this.commits = commits;
        this.identity = identity;
        this.promoterRole = config.promoterRole();
    }

    @GET
    @Path("pipelines/{pipeline}")
    @Operation(hidden = true)
    public TemplateInstance board(@PathParam("pipeline") String pipeline) {
        Page page = pages.page(identity);
        return Templates.board(page, view(page, pipeline));
    }

    @GET
    @Path("pipelines/{pipeline}/board")
    @Operation(hidden = true)
    public TemplateInstance region(@PathParam("pipeline") String pipeline) {
        Page page = pages.page(identity);
        return Templates.board$region(page, view(page, pipeline));
    }

    private BoardView view(Page page, String pipeline) {
        String name = Names.dnsLabel("pipeline", pipeline);
        Board board = boards.board(name)
                .orElseThrow(() -> new NotFoundException("no pipeline '" + name + "' is known to the console"));
        return BoardView.of(board, commits.of(BoardView.commitsOf(board)), page.user(), promoterRole, Instant.now());
    }
}
