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
            // the console's own (a read model it cannot read) or promotion-service unreachable behind it: the reason
            // says which, and whether an action may have been taken all the same
            case 503 -> why.isEmpty() ? "the console is not ready (503): try again shortly" : "unavailable (503)" + why;
            default -> "the console answered " + status + why;
        };
    }
}
