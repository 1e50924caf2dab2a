package io.gitopsflow.buildworker.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsflow.buildworker.checkout.GitCheckout.Checkout;
import io.gitopsflow.events.git.GitCredentials;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.TestFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import java.util.stream.IntStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
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

    @Test
    void clonesOnlyTheCheckedOutCommitAtTheDefaultDepth() throws Exception {
        List<String> shas = history("acme/shallow-first", 20);
        String head = shas.get(shas.size() - 1);

        try (Checkout checkout = anonymous().checkout(url("acme/shallow-first"), head)) {
            assertThat(checkout.cacheHit()).isFalse();
            assertThat(checkout.shallow()).isTrue();
            assertThat(checkout.workTree().resolve("counter.txt")).hasContent("20");
            assertThat(checkout.workTree().resolve(".git/shallow")).hasContent(head);
            assertThat(commitsReachable(checkout, head)).isEqualTo(1);
            assertThat(hasObject(checkout, shas.get(shas.size() - 2))).isFalse();
        }
    }

    @Test
    void laterBuildsFetchOnlyTheNewCommitAtTheCloneDepth() throws Exception {
        List<String> shas = history("acme/shallow-fetch", 3);
        GitCheckout checkouts = anonymous();
        try (Checkout checkout = checkouts.checkout(url("acme/shallow-fetch"), shas.get(3))) {
            assertThat(checkout.shallow()).isTrue();
        }
        List<String> newer = server.commits("acme/shallow-fetch", changes(4, 5));

        String newHead = newer.get(newer.size() - 1);
        try (Checkout checkout = checkouts.checkout(url("acme/shallow-fetch"), newHead)) {
            assertThat(checkout.cacheHit()).isTrue();
            assertThat(checkout.shallow()).isTrue();
            assertThat(checkout.workTree().resolve("counter.txt")).hasContent("8");
            assertThat(commitsReachable(checkout, newHead)).isEqualTo(1);
            // the commits in between were never transferred
            assertThat(newer.subList(0, newer.size() - 1)).noneMatch(sha -> hasObject(checkout, sha));
        }
    }

    @Test
    void fetchesACommitOlderThanTheShallowHistoryByItsId() throws Exception {
        List<String> shas = history("acme/shallow-older", 20);
        GitCheckout checkouts = anonymous();

        try (Checkout checkout = checkouts.checkout(url("acme/shallow-older"), shas.get(5))) {
            assertThat(checkout.cacheHit()).isFalse();
            assertThat(checkout.shallow()).isTrue();
            assertThat(checkout.workTree().resolve("counter.txt")).hasContent("5");
            // the server lets a client want any reachable commit: only that commit came, not the 15 after it
            assertThat(commitsReachable(checkout, shas.get(5))).isEqualTo(1);
            assertThat(hasObject(checkout, shas.get(6))).isFalse();
        }
        try (Checkout checkout = checkouts.checkout(url("acme/shallow-older"), shas.get(20))) {
            assertThat(checkout.cacheHit()).isTrue();
            assertThat(checkout.workTree().resolve("counter.txt")).hasContent("20");
        }
    }

    @Test
    void deepensStepwiseThenUnshallowsWhereTheServerOnlyServesWhatRefsPointAt() throws Exception {
        List<String> shas = history("acme/shallow-deepen", 149);
        server.refuseUnadvertisedWants("acme/shallow-deepen", true);
        String head = shas.get(149);
        GitCheckout checkouts = anonymous();

        // 50 commits behind main: depth 10 does not reach it, depth 100 does
        try (Checkout checkout = checkouts.checkout(url("acme/shallow-deepen"), shas.get(99))) {
            assertThat(checkout.cacheHit()).isFalse();
            assertThat(checkout.shallow()).isTrue();
            assertThat(checkout.workTree().resolve("counter.txt")).hasContent("99");
            assertThat(commitsReachable(checkout, head)).isEqualTo(100);
        }
        // a later push: JGit's depth fetch into a history this deep fails, a fetch without depth brings the commit
        String next = server.commit("acme/shallow-deepen", Map.of("counter.txt", "150"));
        try (Checkout checkout = checkouts.checkout(url("acme/shallow-deepen"), next)) {
            assertThat(checkout.cacheHit()).isTrue();
            assertThat(checkout.shallow()).isTrue();
            assertThat(checkout.workTree().resolve("counter.txt")).hasContent("150");
        }
        // 121 behind: beyond depth 100, so the whole history is fetched
        try (Checkout checkout = checkouts.checkout(url("acme/shallow-deepen"), shas.get(29))) {
            assertThat(checkout.shallow()).isFalse();
            assertThat(checkout.workTree().resolve("counter.txt")).hasContent("29");
            assertThat(checkout.workTree().resolve(".git/shallow")).doesNotExist();
            assertThat(commitsReachable(checkout, next)).isEqualTo(151);
        }
    }

    @Test
    void clonesInFullWhereTheServerRefusesShallowAndStaysFull() throws Exception {
        List<String> shas = history("acme/no-shallow", 5);
        server.refuseShallow("acme/no-shallow", true);
        GitCheckout checkouts = anonymous();

        try (Checkout checkout = checkouts.checkout(url("acme/no-shallow"), shas.get(2))) {
            assertThat(checkout.cacheHit()).isFalse();
            assertThat(checkout.shallow()).isFalse();
            assertThat(checkout.workTree().resolve("counter.txt")).hasContent("2");
            assertThat(checkout.workTree().resolve(".git/shallow")).doesNotExist();
            assertThat(commitsReachable(checkout, shas.get(5))).isEqualTo(6);
        }
        String next = server.commit("acme/no-shallow", Map.of("counter.txt", "6"));
        try (Checkout checkout = checkouts.checkout(url("acme/no-shallow"), next)) {
            assertThat(checkout.cacheHit()).isTrue();
            assertThat(checkout.shallow()).isFalse();
            assertThat(checkout.workTree().resolve("counter.txt")).hasContent("6");
        }
    }

    @Test
    void keepsAShallowCacheWhileTheServerAllowsFetchesIntoItAndClonesInFullWhenDeepeningIsRefused() throws Exception {
        List<String> shas = history("acme/stops-shallow", 3);
        GitCheckout checkouts = anonymous();
        try (Checkout checkout = checkouts.checkout(url("acme/stops-shallow"), shas.get(3))) {
            assertThat(checkout.shallow()).isTrue();
        }
        server.refuseShallow("acme/stops-shallow", true);
        String next = server.commit("acme/stops-shallow", Map.of("counter.txt", "4"));

        // the depth fetch is refused, a fetch without depth into the shallow clone is not
        try (Checkout checkout = checkouts.checkout(url("acme/stops-shallow"), next)) {
            assertThat(checkout.cacheHit()).isTrue();
            assertThat(checkout.shallow()).isTrue();
            assertThat(checkout.workTree().resolve("counter.txt")).hasContent("4");
        }
        // an older commit needs deepening, which is refused: a full clone replaces the cache
        try (Checkout checkout = checkouts.checkout(url("acme/stops-shallow"), shas.get(1))) {
            assertThat(checkout.cacheHit()).isFalse();
            assertThat(checkout.shallow()).isFalse();
            assertThat(checkout.workTree().resolve("counter.txt")).hasContent("1");
            assertThat(commitsReachable(checkout, next)).isEqualTo(5);
        }
    }

    @Test
    void clonesInFullAtDepthZeroAndUnshallowsAShallowCache() throws Exception {
        List<String> shas = history("acme/full", 4);
        try (Checkout checkout = new GitCheckout(cache.resolve("full"), u -> Optional.empty(), 0)
                .checkout(url("acme/full"), shas.get(4))) {
            assertThat(checkout.shallow()).isFalse();
            assertThat(commitsReachable(checkout, shas.get(4))).isEqualTo(5);
        }

        try (Checkout checkout = anonymous().checkout(url("acme/full"), shas.get(4))) {
            assertThat(checkout.shallow()).isTrue();
        }
        // the same cache after the depth was configured to 0
        try (Checkout checkout =
                new GitCheckout(cache, u -> Optional.empty(), 0).checkout(url("acme/full"), shas.get(4))) {
            assertThat(checkout.cacheHit()).isTrue();
            assertThat(checkout.shallow()).isFalse();
            assertThat(commitsReachable(checkout, shas.get(4))).isEqualTo(5);
        }
        assertThatThrownBy(() -> new GitCheckout(cache, u -> Optional.empty(), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void authenticatesEveryShallowStepAndTheFullFallbackWithoutLoggingTheToken() throws Exception {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(GitCheckout.class.getName());
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(new SimpleFormatter().formatMessage(record));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Level previous = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
        try (GitServer secured = GitServer.start(TOKEN)) {
            secured.createRepository("acme/private-history", Map.of("counter.txt", "0"));
            List<String> shas = secured.commits("acme/private-history", changes(1, 20));
            String url = secured.repositoryUrl("acme/private-history");
            secured.refuseUnadvertisedWants("acme/private-history", true);
            GitCheckout checkouts = new GitCheckout(cache, u -> Optional.of(GitCredentials.token(TOKEN)));

            // clone with depth 1, refused want by id, deepened to 10
            try (Checkout checkout = checkouts.checkout(url, shas.get(14))) {
                assertThat(checkout.shallow()).isTrue();
                assertThat(checkout.workTree().resolve("counter.txt")).hasContent("15");
            }
            secured.refuseShallow("acme/private-history", true);
            String next = secured.commit("acme/private-history", Map.of("counter.txt", "21"));
            // refused depth fetch, then a fetch without depth
            try (Checkout checkout = checkouts.checkout(url, next)) {
                assertThat(checkout.shallow()).isTrue();
                assertThat(checkout.workTree().resolve("counter.txt")).hasContent("21");
            }
            // refused deepening, then a full clone
            try (Checkout checkout = checkouts.checkout(url, shas.get(2))) {
                assertThat(checkout.shallow()).isFalse();
                assertThat(checkout.workTree().resolve("counter.txt")).hasContent("3");
            }

            String wrongToken = "wrong-token-0815";
            GitCheckout wrong = new GitCheckout(
                    cache.resolve("wrong"), u -> Optional.of(new GitCredentials("builder", wrongToken)));
            assertThatThrownBy(() -> wrong.checkout(url, next))
                    .isInstanceOf(CheckoutException.class)
                    .hasMessageStartingWith("authentication failed for " + url)
                    .satisfies(
                            e -> assertThat(messagesOf(e)).noneMatch(m -> m.contains(wrongToken) || m.contains(TOKEN)));
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(previous);
        }
        assertThat(logged)
                .anyMatch(m -> m.contains("refused a shallow fetch"))
                .anyMatch(m -> m.contains("direct fetch of"))
                .noneMatch(m -> m.contains(TOKEN) || m.contains("wrong-token-0815"));
    }

    private GitCheckout anonymous() {
        return new GitCheckout(cache, url -> Optional.empty());
    }

    private static String url(String name) {
        return server.repositoryUrl(name);
    }

    /** A repository whose {@code counter.txt} is 0 in its first commit and {@code i} in the i-th of {@code more}. */
    private static List<String> history(String name, int more) {
        server.createRepository(name, Map.of("counter.txt", "0"));
        List<String> shas = new ArrayList<>();
        shas.add(server.head(name));
        shas.addAll(server.commits(name, changes(1, more)));
        return shas;
    }

    private static List<Map<String, String>> changes(int first, int count) {
        return IntStream.range(first, first + count)
                .mapToObj(i -> Map.of("counter.txt", String.valueOf(i)))
                .toList();
    }

    /** Commits of the cached clone's history from {@code sha}, as far as the clone holds it. */
    private static int commitsReachable(Checkout checkout, String sha) throws Exception {
        try (Git git = Git.open(checkout.workTree().toFile());
                RevWalk walk = new RevWalk(git.getRepository())) {
            walk.markStart(walk.parseCommit(ObjectId.fromString(sha)));
            int count = 0;
            while (walk.next() != null) {
                count++;
            }
            return count;
        }
    }

    private static boolean hasObject(Checkout checkout, String sha) {
        try (Git git = Git.open(checkout.workTree().toFile())) {
            return git.getRepository().getObjectDatabase().has(ObjectId.fromString(sha));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
