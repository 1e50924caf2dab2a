package io.gitopsflow.cli.client;

import java.net.URI;

/** What the console's error statuses mean for the person at the terminal, and what to do about them. */
final class Refusals {

    private Refusals() {}

    static String describe(int status, String reason, URI server) {
        String why = reason == null || reason.isBlank() ? "" : ": " + reason;
        return switch (status) {
            case 401 ->
                "not logged in, or the token expired" + why + " — run `gitops-flow login --server " + server
                        + "` (or pass --token / GITOPS_FLOW_TOKEN)";
            case 403 -> "forbidden" + (why.isEmpty() ? ": your token lacks the role this needs" : why);
            case 404 -> "not found" + why;
            case 409 -> "refused" + why;
            case 400, 422 -> "bad request" + why;
            case 503 -> "the console is not ready (503)" + why + " — try again shortly";
            default -> "the console answered " + status + why;
        };
    }
}
