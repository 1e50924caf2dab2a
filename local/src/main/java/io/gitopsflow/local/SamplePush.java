package io.gitopsflow.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.LocalHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * A developer's push to the sample application, and the webhook GitHub would send for it: the commit goes to the
 * local Git server, then a signed {@code push} event ({@code X-Hub-Signature-256}) goes to event-gateway.
 */
public final class SamplePush {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ZERO = ObjectId.zeroId().name();
    private static final String MAIN = Constants.R_HEADS + "main";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One push as sent: the commit, the delivery id and the exact body, so it can be redelivered. */
    public record Push(String before, String after, String deliveryId, byte[] body) {}

    private final GitServer git;
    private final String gatewayUrl;
    private final String application;

    /** Pushes to the sample application, {@code acme/books-api}. */
    public SamplePush(GitServer git, String gatewayUrl) {
        this(git, gatewayUrl, LocalStack.APPLICATION);
    }

    /** Pushes to {@code application}, a repository of the stack's Git server. */
    public SamplePush(GitServer git, String gatewayUrl, String application) {
        this.git = git;
        this.gatewayUrl = gatewayUrl;
        this.application = application;
    }

    /** Commits {@code files} to {@code main} of the application; answers the push describing it. */
    public Push commit(String message, Map<String, String> files) {
        String before = git.head(application);
        String after = git.commit(application, message, files);
        return describe(before, after);
    }

    /** The push of {@code main} of the sample application from {@code before} to {@code after}, as GitHub describes it. */
    public Push describe(String before, String after) {
        return describe(MAIN, before, after);
    }

    /** The push of {@code ref} of the sample application from {@code before} to {@code after}, as GitHub describes it. */
    public Push describe(String ref, String before, String after) {
        return new Push(before, after, UUID.randomUUID().toString(), payload(ref, before, after));
    }

    /**
     * Tags the head of {@code main} of the sample application as {@code tag} (a lightweight tag, as {@code git tag
     * v1.2.0 && git push origin v1.2.0} does); answers the push describing the new tag.
     */
    public Push tag(String tag) {
        String head = git.head(application);
        String ref = Constants.R_TAGS + tag;
        try (Repository repository = git.open(application)) {
            RefUpdate update = repository.updateRef(ref);
            update.setNewObjectId(ObjectId.fromString(head));
            update.setExpectedOldObjectId(ObjectId.zeroId());
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.NEW) {
                throw new IllegalStateException("cannot create tag " + tag + ": " + result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tag " + application, e);
        }
        return describe(ref, ZERO, head);
    }

    /** Sends {@code push}'s webhook (again, for a redelivery: same delivery id, same body) and answers the response. */
    public HttpResponse<String> send(Push push) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/webhooks/github"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", push.deliveryId())
                .header("X-Hub-Signature-256", "sha256=" + hmac(push.body()))
                .header("User-Agent", "GitHub-Hookshot/local")
                .timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.ofByteArray(push.body()))
                .build();
        return LocalHttp.send(HTTP, request);
    }

    private byte[] payload(String ref, String before, String after) {
        String repository = application;
        String web = git.baseUrl() + repository;
        ObjectNode push = JSON.createObjectNode();
        push.put("ref", ref);
        push.put("before", before);
        push.put("after", after);
        push.put("created", ZERO.equals(before));
        push.put("deleted", ZERO.equals(after));
        push.put("forced", false);
        push.put("compare", web + "/compare/" + before + "..." + after);
        ArrayNode commits = push.putArray("commits");
        // a new tag lists no commits (GitHub lists the commits new to the repository), only its head_commit
        List<PushedCommit> pushedCommits = commits(before, after);
        for (PushedCommit pushed : ref.startsWith(Constants.R_TAGS) ? List.<PushedCommit>of() : pushedCommits) {
            commits.add(commitNode(web, pushed));
        }
        if (!pushedCommits.isEmpty()) {
            push.set("head_commit", commitNode(web, pushedCommits.get(pushedCommits.size() - 1)));
        }
        ObjectNode repo = push.putObject("repository");
        repo.put("name", repository.substring(repository.indexOf('/') + 1));
        repo.put("full_name", repository);
        repo.put("private", false);
        repo.put("html_url", web);
        repo.put("clone_url", git.repositoryUrl(repository));
        repo.put("default_branch", "main");
        repo.putObject("owner").put("login", repository.substring(0, repository.indexOf('/')));
        push.putObject("pusher").put("name", "local-developer").put("email", "dev@gitops-flow.local");
        push.putObject("sender").put("login", "local-developer");
        try {
            return JSON.writeValueAsBytes(push);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode commitNode(String web, PushedCommit pushed) {
        ObjectNode commit = JSON.createObjectNode();
        commit.put("id", pushed.id());
        commit.put("distinct", true);
        commit.put("message", pushed.message());
        commit.put("timestamp", pushed.time().toString());
        commit.put("url", web + "/commit/" + pushed.id());
        commit.putObject("author").put("name", pushed.author()).put("email", pushed.email());
        commit.putObject("committer").put("name", pushed.author()).put("email", pushed.email());
        commit.set("added", JSON.valueToTree(pushed.added()));
        commit.set("removed", JSON.valueToTree(pushed.removed()));
        commit.set("modified", JSON.valueToTree(pushed.modified()));
        return commit;
    }

    private record PushedCommit(
            String id,
            String message,
            String author,
            String email,
            OffsetDateTime time,
            List<String> added,
            List<String> modified,
            List<String> removed) {}

    /** The commits {@code after} has and {@code before} has not, oldest first (GitHub lists at most 20). */
    private List<PushedCommit> commits(String before, String after) {
        if (ZERO.equals(after)) {
            return List.of();
        }
        List<PushedCommit> found = new ArrayList<>();
        try (Repository repository = git.open(application);
                RevWalk walk = new RevWalk(repository);
                DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            diff.setRepository(repository);
            walk.markStart(walk.parseCommit(ObjectId.fromString(after)));
            if (!ZERO.equals(before)) {
                walk.markUninteresting(walk.parseCommit(ObjectId.fromString(before)));
            }
            for (RevCommit commit : walk) {
                List<String> added = new ArrayList<>();
                List<String> modified = new ArrayList<>();
                List<String> removed = new ArrayList<>();
                RevCommit parent = commit.getParentCount() == 0 ? null : walk.parseCommit(commit.getParent(0));
                for (DiffEntry entry : diff.scan(parent == null ? null : parent.getTree(), commit.getTree())) {
                    switch (entry.getChangeType()) {
                        case ADD, COPY -> added.add(entry.getNewPath());
                        case DELETE -> removed.add(entry.getOldPath());
                        case RENAME -> {
                            removed.add(entry.getOldPath());
                            added.add(entry.getNewPath());
                        }
                        default -> modified.add(entry.getNewPath());
                    }
                }
                PersonIdent author = commit.getAuthorIdent();
                found.add(
                        0,
                        new PushedCommit(
                                commit.name(),
                                commit.getFullMessage(),
                                author.getName(),
                                author.getEmailAddress(),
                                OffsetDateTime.ofInstant(author.getWhenAsInstant(), ZoneOffset.UTC),
                                added,
                                modified,
                                removed));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pushed commits of " + application, e);
        }
        return found.size() > 20 ? found.subList(found.size() - 20, found.size()) : found;
    }

    private static String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(LocalStack.WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
