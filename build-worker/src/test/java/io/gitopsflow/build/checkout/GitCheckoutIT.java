package io.gitopsflow.build.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.build.checkout.GitCheckout.Checkout;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.TestFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkouts from the testkit's real JGit smart-HTTP server into a clone cache. */
class GitCheckoutIT {

    private static final String TOKEN = "s3cret-token-4711";
    private static GitServer server;

    @TempDir
    Path cache;

    @BeforeAll
    static void startServer() {
        server = GitServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void checksOutTheCommitAsDetachedHeadInAHashedCacheFolder() throws Exception {
        String url = server.createRepository("acme/first", Map.of("README.md", "v1\n", "src/app.txt", "app\n"));
        String sha = server.head("acme/first");

        try (Checkout checkout = anonymous().checkout(url, sha)) {
            assertThat(checkout.commit()).isEqualTo(sha);
            assertThat(checkout.cacheHit()).isFalse();
            assertThat(checkout.millis()).isNotNegative();
            assertThat(checkout.workTree().resolve("README.md")).hasContent("v1");
            assertThat(checkout.workTree().resolve("src/app.txt")).hasContent("app");
            assertThat(checkout.workTree().getParent()).isEqualTo(cache.toAbsolutePath());
            assertThat(checkout.workTree().getFileName().toString()).matches("[0-9a-f]{64}");
            try (Git git = Git.open(checkout.workTree().toFile())) {
                assertThat(git.getRepository().getFullBranch()).isEqualTo(sha);
            }
        }
    }

    @Test
    void fetchesANewCommitIntoTheCacheAndGoesBackToAnOlderOne() throws Exception {
        String url = server.createRepository("acme/history", Map.of("README.md", "v1\n"));
        String first = server.head("acme/history");
        GitCheckout checkouts = anonymous();
        try (Checkout checkout = checkouts.checkout(url, first)) {
            assertThat(checkout.cacheHit()).isFalse();
        }

        String second = server.commit("acme/history", Map.of("README.md", "v2\n", "added.txt", "new\n"));
        try (Checkout checkout = checkouts.checkout(url, second)) {
            assertThat(checkout.cacheHit()).isTrue();
            assertThat(checkout.commit()).isEqualTo(second);
            assertThat(checkout.workTree().resolve("README.md")).hasContent("v2");
            assertThat(checkout.workTree().resolve("added.txt")).hasContent("new");
        }

        try (Checkout checkout = checkouts.checkout(url, first)) {
            assertThat(checkout.cacheHit()).isTrue();
            assertThat(checkout.commit()).isEqualTo(first);
            assertThat(checkout.workTree().resolve("README.md")).hasContent("v1");
            assertThat(checkout.workTree().resolve("added.txt")).doesNotExist();
        }
    }

    @Test
    void checksOutAnOlderCommitThanTheBranchHeadInAFreshClone() throws Exception {
        // the queue builds commits in order: the first build of a repository may be of a commit the branch has left
        String url = server.createRepository("acme/older", Map.of("README.md", "v1\n", "config.txt", "a\n"));
        String first = server.head("acme/older");
        server.commit("acme/older", Map.of("README.md", "v2\n", "config.txt", "b\n"));

        try (Checkout checkout = anonymous().checkout(url, first)) {
            assertThat(checkout.cacheHit()).isFalse();
            assertThat(checkout.commit()).isEqualTo(first);
            assertThat(checkout.workTree().resolve("README.md")).hasContent("v1");
            assertThat(checkout.workTree().resolve("config.txt")).hasContent("a");
        }
    }

    @Test
    void leavesNothingOfAPreviousBuildBehind() throws Exception {
        String url = server.createRepository("acme/dirty", Map.of("README.md", "v1\n", ".gitignore", "target/\n"));
        String sha = server.head("acme/dirty");
        GitCheckout checkouts = anonymous();
        try (Checkout checkout = checkouts.checkout(url, sha)) {
            Path tree = checkout.workTree();
            Files.writeString(tree.resolve("README.md"), "changed by a build\n");
            Files.writeString(tree.resolve("untracked.txt"), "left over\n");
            Files.createDirectories(tree.resolve("target/classes"));
            Files.writeString(tree.resolve("target/classes/App.class"), "ignored output\n");
            Files.createDirectories(tree.resolve("tmp/deep"));
            Files.writeString(tree.resolve("tmp/deep/file"), "untracked folder\n");
        }

        try (Checkout checkout = checkouts.checkout(url, sha)) {
            Path tree = checkout.workTree();
            assertThat(tree.resolve("README.md")).hasContent("v1");
            assertThat(tree.resolve("untracked.txt")).doesNotExist();
            assertThat(tree.resolve("target")).doesNotExist();
            assertThat(tree.resolve("tmp")).doesNotExist();
            assertThat(tree.resolve(".git")).isDirectory();
        }
    }

    @Test
    void authenticatesWithTheRightTokenAndNamesTheFailureWithoutTheToken() throws Exception {
        try (GitServer secured = GitServer.start(TOKEN)) {
            String url = secured.createRepository("acme/private", Map.of("README.md", "secret app\n"));
            String sha;
            try (Repository repository = secured.open("acme/private")) {
                sha = repository.resolve("refs/heads/main").name();
            }

            GitCheckout right = new GitCheckout(cache.resolve("right"), u -> Optional.of(GitCredentials.token(TOKEN)));
            try (Checkout checkout = right.checkout(url, sha)) {
                assertThat(checkout.workTree().resolve("README.md")).hasContent("secret app");
                assertThat(Files.readString(checkout.workTree().resolve(".git/config")))
                        .doesNotContain(TOKEN);
            }

            String wrongToken = "wrong-token-0815";
            GitCheckout wrong = new GitCheckout(
                    cache.resolve("wrong"), u -> Optional.of(new GitCredentials("builder", wrongToken)));
            assertThatThrownBy(() -> wrong.checkout(url, sha))
                    .isInstanceOf(CheckoutException.class)
                    .hasMessageStartingWith("authentication failed for " + url)
                    .satisfies(
                            e -> assertThat(messagesOf(e)).noneMatch(m -> m.contains(wrongToken) || m.contains(TOKEN)));
            assertThat(cache.resolve("wrong")).isEmptyDirectory();

            GitCheckout none = new GitCheckout(cache.resolve("none"), u -> Optional.empty());
            assertThatThrownBy(() -> none.checkout(url, sha))
                    .isInstanceOf(CheckoutException.class)
                    .hasMessageStartingWith("authentication failed for " + url);

            // a token in the URL itself is never echoed either
            String urlWithToken = url.replace("http://", "http://builder:" + wrongToken + "@");
            assertThatThrownBy(() -> none.checkout(urlWithToken, sha))
                    .isInstanceOf(CheckoutException.class)
                    .hasMessageContaining("authentication failed for " + url)
                    .satisfies(e -> assertThat(messagesOf(e)).noneMatch(m -> m.contains(wrongToken)));

            // a right token in the URL works, and the cached clone's config keeps the URL without it
            GitCheckout fromUrl = new GitCheckout(cache.resolve("url"), u -> Optional.empty());
            try (Checkout checkout = fromUrl.checkout(url.replace("http://", "http://builder:" + TOKEN + "@"), sha)) {
                assertThat(checkout.workTree().resolve("README.md")).hasContent("secret app");
                assertThat(Files.readString(checkout.workTree().resolve(".git/config")))
                        .contains(url)
                        .doesNotContain(TOKEN);
            }
        }
        assertThat(new GitCredentials("builder", TOKEN).toString()).doesNotContain(TOKEN);
    }

    @Test
    void fetchesACommitOnlyAPullRequestRefLeadsTo() throws Exception {
        String url = server.createRepository("acme/pull", Map.of("README.md", "v1\n"));
        GitCheckout checkouts = anonymous();
        try (Checkout checkout = checkouts.checkout(url, server.head("acme/pull"))) {
            assertThat(checkout.cacheHit()).isFalse();
        }
        String orphan = server.commit("acme/pull", Map.of("README.md", "v2\n"));
        try (Repository repository = server.open("acme/pull")) {
            // the commit moves from main to a pull-request ref, outside the branches and tags a fetch mirrors
            RefUpdate pull = repository.updateRef("refs/pull/1/head");
            pull.setNewObjectId(repository.resolve(orphan));
            assertThat(pull.update()).isEqualTo(RefUpdate.Result.NEW);
            RefUpdate main = repository.updateRef("refs/heads/main");
            main.setNewObjectId(repository.resolve(orphan + "^"));
            main.setForceUpdate(true);
            assertThat(main.forceUpdate()).isEqualTo(RefUpdate.Result.FORCED);
        }

        try (Checkout checkout = checkouts.checkout(url, orphan)) {
            assertThat(checkout.workTree().resolve("README.md")).hasContent("v2");
        }
    }

    @Test
    void namesACommitThatIsNotInTheRepository() {
        String url = server.createRepository("acme/missing", Map.of("README.md", "v1\n"));
        String unknown = "0123456789abcdef0123456789abcdef01234567";

        assertThatThrownBy(() -> anonymous().checkout(url, unknown))
                .isInstanceOf(CheckoutException.class)
                .hasMessage("commit " + unknown + " is not in " + url);
    }

    @Test
    void namesAnUnreachableRepository() {
        String url = "http://127.0.0.1:" + TestFolders.freePort() + "/git/acme/gone.git";

        assertThatThrownBy(() -> anonymous().checkout(url, "0123456789abcdef0123456789abcdef01234567"))
                .isInstanceOf(CheckoutException.class)
                .hasMessageStartingWith("cannot reach " + url + ": ");
        assertThat(cache).isEmptyDirectory();
    }

    @Test
    void refusesAnInvalidShaBeforeAnyGitWork() throws Exception {
        String url = server.createRepository("acme/invalid", Map.of("README.md", "v1\n"));
        AtomicInteger credentialLookups = new AtomicInteger();
        GitCheckout checkouts = new GitCheckout(cache, u -> {
            credentialLookups.incrementAndGet();
            return Optional.empty();
        });
        List<String> invalid = new ArrayList<>(List.of(
                "",
                "HEAD",
                "main",
                "abc1234",
                "0123456789ABCDEF0123456789ABCDEF01234567",
                "../../../../etc/passwd0123456789abcdef012",
                "0123456789abcdef0123456789abcdef01234567\n",
                "0123456789abcdef0123456789abcdef012345678"));
        invalid.add(null);

        for (String sha : invalid) {
            assertThatThrownBy(() -> checkouts.checkout(url, sha))
                    .isInstanceOf(CheckoutException.class)
                    .hasMessageStartingWith("invalid commit SHA");
        }
        assertThat(credentialLookups).hasValue(0);
        assertThat(cache).isEmptyDirectory();
    }

    @Test
    void serializesTwoCheckoutsOfTheSameRepository() throws Exception {
        String url = server.createRepository("acme/busy", Map.of("README.md", "v1\n"));
        String sha = server.head("acme/busy");
        String otherUrl = server.createRepository("acme/other", Map.of("README.md", "other\n"));
        String otherSha = server.head("acme/other");
        GitCheckout checkouts = anonymous();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Checkout first = threads.submit(() -> checkouts.checkout(url, sha)).get(60, TimeUnit.SECONDS);
            Future<Checkout> second = threads.submit(() -> checkouts.checkout(url, sha));

            // another repository is not held up by the lock of this one
            try (Checkout other = checkouts.checkout(otherUrl, otherSha)) {
                assertThat(other.commit()).isEqualTo(otherSha);
            }
            // still waiting for the lock half a second later
            assertThatThrownBy(() -> second.get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            assertThat(second).isNotDone();

            first.close();
            try (Checkout afterwards = second.get(60, TimeUnit.SECONDS)) {
                assertThat(afterwards.cacheHit()).isTrue();
                assertThat(afterwards.commit()).isEqualTo(sha);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private GitCheckout anonymous() {
        return new GitCheckout(cache, url -> Optional.empty());
    }

    private static List<String> messagesOf(Throwable error) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = error; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
            messages.add(t.toString());
        }
        return messages;
    }
}
