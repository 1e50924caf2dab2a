package io.gitopsflow.console.web;

import io.gitopsflow.console.config.UiConfig;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Signing in and out. With OpenID Connect the provider's page signs people in (any {@code /ui} page starts the
 * authorization code flow; {@code quarkus.oidc.logout.path} signs out there too). With local users — the local run
 * only — this page lists them and signing in as one sets the session cookie to that user's token, under a banner that
 * says anyone who reaches the console can.
 */
@jakarta.ws.rs.Path("/ui")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class SignInPage {

    private static final Pattern USER = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signIn(boolean localUsers, boolean configured, List<String> users);
    }

    private final UiConfig config;
    private final boolean localUsers;

    public SignInPage(UiConfig config) {
        this.config = config;
        this.localUsers = LocalUsersMechanism.on(config);
    }

    @GET
    @jakarta.ws.rs.Path("sign-in")
    @Operation(hidden = true)
    public TemplateInstance signIn() {
        return Templates.signIn(
                localUsers,
                localUsers || !LocalUsersMechanism.SCHEME.equals(config.signIn()),
                localUsers ? users() : List.of());
    }

    @POST
    @jakarta.ws.rs.Path("sign-in")
    @Operation(hidden = true)
    public Response signInAs(@FormParam("user") String user) {
        if (!localUsers) {
            throw new NotFoundException("local users are off: sign in with the identity provider");
        }
        if (user == null || !users().contains(user)) {
            throw new BadRequestException("there is no local user '" + (user == null ? "" : user) + "'");
        }
        String token = read(folder().resolve(user + ".jwt")).strip();
        return Response.seeOther(URI.create("/ui/pipelines"))
                .cookie(session(token, NewCookie.DEFAULT_MAX_AGE))
                .build();
    }

    @POST
    @jakarta.ws.rs.Path("sign-out")
    @Operation(hidden = true)
    public Response signOut() {
        return Response.seeOther(URI.create("/ui/sign-in"))
                .cookie(session("", 0))
                .build();
    }

    private static NewCookie session(String value, int maxAge) {
        return new NewCookie.Builder(LocalUsersMechanism.COOKIE)
                .value(value)
                .path("/")
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge(maxAge)
                .build();
    }

    private List<String> users() {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".jwt"))
                    .map(name -> name.substring(0, name.length() - 4))
                    .filter(name -> USER.matcher(name).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the local users in " + folder(), e);
        }
    }

    private Path folder() {
        return config.localUsers()
                .orElseThrow(() -> new IllegalStateException(
                        "gitops-flow.console.ui.sign-in=local-users needs gitops-flow.console.ui.local-users"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
