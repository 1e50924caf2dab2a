package io.gitopsflow.writer.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.events.git.GitCredentials;
import io.gitopsflow.testkit.GitServer;
import io.gitopsflow.testkit.TestFolders;
import io.gitopsflow.writer.git.WriteResult.Committed;
import io.gitopsflow.writer.git.WriteResult.Failed;
import io.gitopsflow.writer.git.WriteResult.NoChange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ReflogEntry;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes through local clones to the testkit's real JGit smart-HTTP server. */
class GitOpsWorkspaceIT {

    private static final String TOKEN = "gitops-s3cret-token-0815";
    private static final GitIdentity AUTHOR = new GitIdentity("Jane Promoter", "jane@example.com");
    private static final GitIdentity COMMITTER = new GitIdentity("gitops-flow", "gitops-flow@example.com");
    private static final PushRetry FAST_RETRY = new PushRetry(30, Duration.ofMillis(5), Duration.ofMillis(100));
    private static final AtomicInteger REPOSITORIES = new AtomicInteger();

    private static GitServer server;

    @TempDir
    Path clones;

    @BeforeAll
    static void startServer() {
        server = GitServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void pushesACommitWithMessageAndIdentitiesAndReusesTheCloneNextTime() throws Exception {
        String name = newRepository(Map.of("apps/books-api/values.yaml", "image:\n  tag: 1.0.0\n"));
        String url = server.repositoryUrl(name);
        GitOpsWorkspace workspace = workspace(clones);
        CommitMessages messages = new CommitMessages();
        var change = new CommitMessages.Change(
                "shop", "staging", "apps/books-api", "1.0.0", "1.1.0", "promo-1", "freight-aaa");
        int pushesBefore = server.acceptedPushes();

        WriteResult<String> first = workspace.write(WriteRequest.toBranch(
                url,
                "main",
                setFile("apps/books-api/values.yaml", "image:\n  tag: 1.1.0\n"),
                changes -> messages.render(List.of(change)),
                AUTHOR,
                COMMITTER));

        assertThat(first).isInstanceOf(Committed.class);
        Committed<String> committed = (Committed<String>) first;
        assertThat(committed.branch()).isEqualTo("main");
        assertThat(committed.changes()).containsExactly("apps/books-api/values.yaml");
        assertThat(committed.attempts()).isEqualTo(1);
        assertThat(server.acceptedPushes()).isEqualTo(pushesBefore + 1);
        assertThat(head(name, "main")).isEqualTo(committed.commit());
        assertThat(file(name, "main", "apps/books-api/values.yaml")).isEqualTo("image:\n  tag: 1.1.0\n");
        try (Repository repository = server.open(name);
                RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(ObjectId.fromString(committed.commit()));
            assertThat(commit.getShortMessage()).isEqualTo("shop: promote apps/books-api in staging to 1.1.0");
            assertThat(commit.getFullMessage()).contains("staging: apps/books-api 1.0.0 → 1.1.0");
            assertThat(commit.getAuthorIdent().getEmailAddress()).isEqualTo("jane@example.com");
            assertThat(commit.getCommitterIdent().getName()).isEqualTo("gitops-flow");
            assertThat(commit.getFooterLines())
                    .extracting(FooterLine::getKey, FooterLine::getValue)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("Promotion-Id", "promo-1"),
                            org.assertj.core.groups.Tuple.tuple("Freight-Id", "freight-aaa"));
        }

        // the clone stays: a marker inside it survives the next write, which only fetches what is new
        Path clone = workspace.cloneFolder(url, "main");
        assertThat(clone.getParent()).isEqualTo(clones.toAbsolutePath());
        assertThat(clone.getFileName().toString()).matches("[0-9a-f]{64}");
        Path marker = clone.resolve(".git/reused-marker");
        Files.writeString(marker, "still here");
        String outside = pushFromOutside(name, "main", Map.of("README.md", "someone else\n"));

        WriteResult<String> second = workspace.write(WriteRequest.toBranch(
                url,
                "main",
                setFile("apps/books-api/values.yaml", "image:\n  tag: 1.2.0\n"),
                changes -> "second",
                AUTHOR,
                COMMITTER));

        assertThat(second).isInstanceOf(Committed.class);
        assertThat(marker).exists();
        assertThat(parentOf(name, ((Committed<String>) second).commit())).isEqualTo(outside);
        assertThat(file(name, "main", "README.md")).isEqualTo("someone else\n");
    }

    @Test
    void aChangeAlreadyOnTheBranchIsANoChangeWithoutACommit() throws Exception {
        String name = newRepository(Map.of("values.yaml", "tag: 1.0.0\n"));
        String url = server.repositoryUrl(name);
        GitOpsWorkspace workspace = workspace(clones);
        WriteRequest<String> request = WriteRequest.toBranch(
                url, "main", setFile("values.yaml", "tag: 2.0.0\n"), changes -> "to 2.0.0", AUTHOR, COMMITTER);

        Committed<String> committed = (Committed<String>) workspace.write(request);
        int pushes = server.acceptedPushes();
        WriteResult<String> redelivered = workspace.write(request);

        assertThat(redelivered).isEqualTo(new NoChange<String>(committed.commit(), "main"));
        assertThat(server.acceptedPushes()).isEqualTo(pushes);
        assertThat(head(name, "main")).isEqualTo(committed.commit());

        // an applier that claims a change but leaves the files as they are still commits nothing
        WriteResult<String> claimed = workspace.write(WriteRequest.toBranch(
                url,
                "main",
                workTree -> {
                    Files.writeString(workTree.resolve("values.yaml"), "tag: 2.0.0\n");
                    return List.of("values.yaml");
                },
                changes -> "nothing really",
                AUTHOR,
                COMMITTER));
        assertThat(claimed).isEqualTo(new NoChange<String>(committed.commit(), "main"));
        assertThat(server.acceptedPushes()).isEqualTo(pushes);
    }

    @Test
    void onlyWhatTheApplierResolvedIsCommittedAndAWriteThatStoppedMidwayLeavesNothingBehind() throws Exception {
        String name = newRepository(Map.of("values.yaml", "tag: 1\n", "other.yaml", "x: 1\n"));
        String linked = pushSymbolicLinkFromOutside(name, "linked.yaml", "other.yaml");
        String url = server.repositoryUrl(name);
        GitOpsWorkspace workspace = workspace(clones);
        Committed<String> first = (Committed<String>) workspace.write(
                WriteRequest.toBranch(url, "main", setFile("values.yaml", "tag: 2\n"), c -> "2", AUTHOR, COMMITTER));
        assertThat(parentOf(name, first.commit())).isEqualTo(linked);

        // an applier that changed a file and then failed: its change must not reach the next commit
        WriteResult<String> broken = workspace.write(WriteRequest.toBranch(
                url,
                "main",
                workTree -> {
                    Files.writeString(workTree.resolve("values.yaml"), "tag: half-written\n");
                    Files.writeString(workTree.resolve("stray.yaml"), "left: over\n");
                    throw new IllegalStateException("stopped midway");
                },
                c -> "never",
                AUTHOR,
                COMMITTER));
        assertFailure(broken, WriteFailure.APPLIER_FAILED, "stopped midway");

        // the next write starts from the head again; a new file in a new folder and a file written through a link
        // inside the repository are committed, nothing else
        Committed<String> second = (Committed<String>) workspace.write(WriteRequest.toBranch(
                url,
                "main",
                workTree -> {
                    Path created = workTree.resolve("apps/new/values.yaml");
                    Files.createDirectories(created.getParent());
                    Files.writeString(created, "tag: 3\n");
                    Files.writeString(workTree.resolve("linked.yaml"), "x: 3\n");
                    return List.of("apps/new/values.yaml", "other.yaml");
                },
                c -> "3",
                AUTHOR,
                COMMITTER));

        assertThat(parentOf(name, second.commit())).isEqualTo(first.commit());
        assertThat(file(name, "main", "values.yaml")).isEqualTo("tag: 2\n");
        assertThat(file(name, "main", "apps/new/values.yaml")).isEqualTo("tag: 3\n");
        assertThat(file(name, "main", "other.yaml")).isEqualTo("x: 3\n");
        assertThat(file(name, "main", "linked.yaml")).isEqualTo("other.yaml"); // still the link
        assertThat(file(name, "main", "stray.yaml")).isNull();
        assertThat(workspace.cloneFolder(url, "main").resolve("stray.yaml")).doesNotExist();

        // and once more on top of its own push (the files are already at the head): only the new change
        Committed<String> third = (Committed<String>) workspace.write(
                WriteRequest.toBranch(url, "main", setFile("other.yaml", "x: 4\n"), c -> "4", AUTHOR, COMMITTER));
        assertThat(parentOf(name, third.commit())).isEqualTo(second.commit());
        assertThat(file(name, "main", "other.yaml")).isEqualTo("x: 4\n");
        assertThat(file(name, "main", "apps/new/values.yaml")).isEqualTo("tag: 3\n");
    }

    @Test
    void aBatchOfThreeChangesIsOneCommitNamingEveryPromotion() throws Exception {
        String name = newRepository(
                Map.of("a/values.yaml", "tag: 1\n", "b/values.yaml", "tag: 1\n", "c/values.yaml", "tag: 1\n"));
        String url = server.repositoryUrl(name);
        String before = head(name, "main");
        List<CommitMessages.Change> batch = List.of(
                new CommitMessages.Change("shop", "staging", "a", "1", "2", "promo-a", "freight-1"),
                new CommitMessages.Change("shop", "staging", "b", "1", "2", "promo-b", "freight-1"),
                new CommitMessages.Change("shop", "staging", "c", "1", "2", "promo-c", "freight-1"));
        CommitMessages messages = new CommitMessages("{stage}: promote {count} changes ({application})");

        WriteResult<CommitMessages.Change> result = workspace(clones)
                .write(WriteRequest.toBranch(
                        url,
                        "main",
                        workTree -> {
                            for (CommitMessages.Change change : batch) {
                                Files.writeString(
                                        workTree.resolve(change.application() + "/values.yaml"),
                                        "tag: " + change.newValue() + "\n");
                            }
                            return batch;
                        },
                        messages::render,
                        AUTHOR,
                        COMMITTER));

        assertThat(result).isInstanceOf(Committed.class);
        String commitSha = ((Committed<CommitMessages.Change>) result).commit();
        assertThat(parentOf(name, commitSha)).isEqualTo(before);
        for (String folder : List.of("a", "b", "c")) {
            assertThat(file(name, "main", folder + "/values.yaml")).isEqualTo("tag: 2\n");
        }
        try (Repository repository = server.open(name);
                RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(ObjectId.fromString(commitSha));
            assertThat(commit.getShortMessage()).isEqualTo("staging: promote 3 changes (a, b, c)");
            assertThat(commit.getFooterLines("Promotion-Id")).containsExactly("promo-a", "promo-b", "promo-c");
            assertThat(commit.getFooterLines("Freight-Id")).containsExactly("freight-1");
        }
    }

    @Test
    void twoInstancesRacingOnOneBranchLoseNothingAndNeverForcePush() throws Exception {
        String name = newRepository(Map.of("README.md", "race\n"));
        String url = server.repositoryUrl(name);
        enableReflog(name);
        String seed = head(name, "main");
        int pushesBefore = server.acceptedPushes();
        int writesPerInstance = 20;
        List<GitOpsWorkspace> instances = List.of(
                workspace(Files.createDirectory(clones.resolve("instance-a"))),
                workspace(Files.createDirectory(clones.resolve("instance-b"))));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<List<WriteResult<String>>>> runs = new ArrayList<>();
        try {
            for (int i = 0; i < instances.size(); i++) {
                GitOpsWorkspace instance = instances.get(i);
                String writer = "writer-" + (char) ('a' + i);
                runs.add(pool.submit(() -> {
                    start.await();
                    List<WriteResult<String>> results = new ArrayList<>();
                    for (int n = 0; n < writesPerInstance; n++) {
                        String path = "race/" + writer + "-" + n + ".txt";
                        results.add(instance.write(WriteRequest.toBranch(
                                url, "main", setFile(path, n + "\n"), changes -> "add " + path, AUTHOR, COMMITTER)));
                    }
                    return results;
                }));
            }
            start.countDown();
            int retried = 0;
            for (Future<List<WriteResult<String>>> run : runs) {
                for (WriteResult<String> result : run.get(5, TimeUnit.MINUTES)) {
                    assertThat(result).isInstanceOf(Committed.class);
                    retried += ((Committed<String>) result).attempts() > 1 ? 1 : 0;
                }
            }
            System.out.println("race: " + retried + " of 40 writes needed more than one attempt");
        } finally {
            pool.shutdownNow();
        }

        for (String writer : List.of("writer-a", "writer-b")) {
            for (int n = 0; n < writesPerInstance; n++) {
                assertThat(file(name, "main", "race/" + writer + "-" + n + ".txt"))
                        .isEqualTo(n + "\n");
            }
        }
        // the server's push counter also counts pushes it refused in the race ("failed to lock"), so at least 40
        assertThat(server.acceptedPushes()).isGreaterThanOrEqualTo(pushesBefore + 40);
        // linear history: 40 single-parent commits on top of the seed
        List<RevCommit> history = firstParentHistory(name, "main", seed);
        assertThat(history)
                .hasSize(40)
                .allSatisfy(commit -> assertThat(commit.getParentCount()).isEqualTo(1));
        // the server's reflog: every accepted update moved main from its parent to the new commit, a fast-forward
        try (Repository repository = server.open(name)) {
            List<ReflogEntry> log = repository
                    .getRefDatabase()
                    .getReflogReader("refs/heads/main")
                    .getReverseEntries();
            assertThat(log).hasSize(40);
            for (ReflogEntry entry : log) {
                assertThat(parentOf(name, entry.getNewId().name()))
                        .isEqualTo(entry.getOldId().name());
            }
        }
    }

    @Test
    void oneInstanceSerializesItsOwnWritersWithoutRejections() throws Exception {
        String name = newRepository(Map.of("README.md", "one\n"));
        String url = server.repositoryUrl(name);
        GitOpsWorkspace workspace = workspace(clones);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<WriteResult<String>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                String path = "same/file-" + i + ".txt";
                results.add(pool.submit(() -> workspace.write(
                        WriteRequest.toBranch(url, "main", setFile(path, "x\n"), changes -> path, AUTHOR, COMMITTER))));
            }
            for (Future<WriteResult<String>> result : results) {
                assertThat(result.get(2, TimeUnit.MINUTES))
                        .isInstanceOfSatisfying(
                                Committed.class,
                                committed -> assertThat(committed.attempts()).isEqualTo(1));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPushRejectedBecauseSomeonePushedInBetweenIsReappliedAndKeepsBothChanges() throws Exception {
        String name = newRepository(Map.of("values.yaml", "tag: 1\n"));
        String url = server.repositoryUrl(name);
        AtomicInteger applied = new AtomicInteger();
        List<String> interloper = new ArrayList<>();

        WriteResult<String> result = workspace(clones)
                .write(WriteRequest.toBranch(
                        url,
                        "main",
                        workTree -> {
                            if (applied.incrementAndGet() == 1) {
                                // another instance pushes after our fetch and before our push
                                interloper.add(pushFromOutside(name, "main", Map.of("other.yaml", "theirs\n")));
                            }
                            return setFile("values.yaml", "tag: 2\n").apply(workTree);
                        },
                        changes -> "ours",
                        AUTHOR,
                        COMMITTER));

        assertThat(result).isInstanceOf(Committed.class);
        Committed<String> committed = (Committed<String>) result;
        assertThat(committed.attempts()).isEqualTo(2);
        assertThat(applied).hasValue(2);
        assertThat(parentOf(name, committed.commit())).isEqualTo(interloper.get(0));
        assertThat(file(name, "main", "values.yaml")).isEqualTo("tag: 2\n");
        assertThat(file(name, "main", "other.yaml")).isEqualTo("theirs\n");
    }

    @Test
    void givesUpAfterTheConfiguredAttemptsWhenTheBranchKeepsMoving() throws Exception {
        String name = newRepository(Map.of("values.yaml", "tag: 1\n"));
        GitOpsWorkspace workspace = new GitOpsWorkspace(
                new WorkspaceSettings(
                        clones, Duration.ofSeconds(30), new PushRetry(3, Duration.ofMillis(1), Duration.ofMillis(2))),
                RepositoryCredentials.none());
        AtomicInteger applied = new AtomicInteger();

        WriteResult<String> result = workspace.write(WriteRequest.toBranch(
                server.repositoryUrl(name),
                "main",
                workTree -> {
                    pushFromOutside(name, "main", Map.of("other.yaml", "move " + applied.incrementAndGet() + "\n"));
                    return setFile("values.yaml", "tag: 2\n").apply(workTree);
                },
                changes -> "ours",
                AUTHOR,
                COMMITTER));

        assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.failure()).isEqualTo(WriteFailure.CONCURRENT_UPDATES);
            assertThat(failed.failure().retryable()).isTrue();
            assertThat(failed.attempts()).isEqualTo(3);
            assertThat(failed.reason()).contains("3 attempts");
        });
        assertThat(applied).hasValue(3);
        assertThat(file(name, "main", "values.yaml")).isEqualTo("tag: 1\n");
    }

    @Test
    void aPushTheHostRefusesTwiceOnAnUnmovedBranchIsReportedNotRetriedForever() throws Exception {
        String name = newRepository(Map.of("values.yaml", "tag: 1\n"));
        String before = head(name, "main");
        // a stale lock on the server makes it refuse the update ("failed to lock") while main stays where it is
        Path lock = server.repositoryFolder(name).resolve("refs/heads/main.lock");
        Files.writeString(lock, "");
        try {
            WriteResult<String> result = workspace(clones)
                    .write(WriteRequest.toBranch(
                            server.repositoryUrl(name),
                            "main",
                            setFile("values.yaml", "tag: 2\n"),
                            changes -> "refused",
                            AUTHOR,
                            COMMITTER));

            assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
                assertThat(failed.failure()).isEqualTo(WriteFailure.PUSH_REJECTED);
                assertThat(failed.failure().retryable()).isFalse();
                assertThat(failed.attempts()).isEqualTo(3);
                assertThat(failed.reason())
                        .contains("the host refused the push")
                        .contains("lock");
            });
            assertThat(head(name, "main")).isEqualTo(before);
        } finally {
            Files.delete(lock);
        }
    }

    @Test
    void authenticatesWithTheConfiguredTokenAndNeverNamesIt() throws Exception {
        try (GitServer secured = GitServer.start(TOKEN)) {
            String url = secured.createRepository("acme/private", Map.of("values.yaml", "tag: 1\n"));
            String prefix = secured.baseUrl() + "acme";
            WriteRequest<String> request = WriteRequest.toBranch(
                    url, "main", setFile("values.yaml", "tag: 2\n"), changes -> "private", AUTHOR, COMMITTER);

            WriteResult<String> anonymous = workspace(clones).write(request);
            assertThat(anonymous).isInstanceOfSatisfying(Failed.class, failed -> {
                assertThat(failed.failure()).isEqualTo(WriteFailure.AUTHENTICATION);
                assertThat(failed.failure().retryable()).isFalse();
                assertThat(failed.attempts()).isEqualTo(1);
                assertThat(failed.reason()).contains(url).contains("no credentials are configured");
            });

            String wrongToken = "wrong-token-4242";
            WriteResult<String> wrong = new GitOpsWorkspace(
                            settings(clones),
                            new RepositoryCredentials(
                                    null, Map.of(prefix, new GitCredentials("gitops-flow", wrongToken))))
                    .write(request);
            assertThat(wrong).isInstanceOfSatisfying(Failed.class, failed -> {
                assertThat(failed.failure()).isEqualTo(WriteFailure.AUTHENTICATION);
                assertThat(failed.attempts()).isEqualTo(1);
                assertThat(failed.reason())
                        .contains("refused the configured credentials")
                        .doesNotContain(wrongToken)
                        .doesNotContain(TOKEN);
            });
            assertThat(secured.acceptedPushes()).isZero();

            // the prefix matches at a path boundary only; the default applies elsewhere
            WriteResult<String> right = new GitOpsWorkspace(
                            settings(clones),
                            new RepositoryCredentials(
                                    GitCredentials.token(wrongToken),
                                    Map.of(
                                            prefix,
                                            GitCredentials.token(TOKEN),
                                            prefix + "-evil",
                                            GitCredentials.token("x"))))
                    .write(request);
            assertThat(right).isInstanceOf(Committed.class);
            assertThat(secured.acceptedPushes()).isEqualTo(1);
        }
    }

    @Test
    void aReadiedCloneIsAtTheHeadAndTheWriteAfterItStillBuildsOnWhatWasPushedInBetween() throws Exception {
        String name = newRepository(Map.of("values.yaml", "tag: 1\n", "keep.yaml", "k: v\n"));
        String url = server.repositoryUrl(name);
        GitOpsWorkspace workspace = workspace(clones);
        int pushesBefore = server.acceptedPushes();

        assertThat(workspace.prepare(url, "main", "main"))
                .as("cloned and checked out")
                .isTrue();
        Path clone = workspace.cloneFolder(url, "main");
        assertThat(clone.resolve("keep.yaml")).hasContent("k: v\n");
        assertThat(workspace.prepare(url, "main", "main"))
                .as("an open clone is left to the write's own fetch")
                .isFalse();
        assertThat(server.acceptedPushes()).as("nothing pushed").isEqualTo(pushesBefore);

        // someone pushes after the clone was readied: the write fetches it and builds on it
        String outside = pushFromOutside(name, "main", Map.of("keep.yaml", "k: changed\n"));
        WriteResult<String> written = workspace.write(WriteRequest.toBranch(
                url, "main", setFile("values.yaml", "tag: 2\n"), changes -> "m", AUTHOR, COMMITTER));

        assertThat(written).isInstanceOf(Committed.class);
        assertThat(parentOf(name, ((Committed<String>) written).commit())).isEqualTo(outside);
        assertThat(file(name, "main", "keep.yaml")).isEqualTo("k: changed\n");
        assertThat(file(name, "main", "values.yaml")).isEqualTo("tag: 2\n");
    }

    @Test
    void aWriteOnTheHeadItKnowsSkipsTheFetchAndAKnownHeadMovedSinceIsRejectedAndBuiltOn() throws Exception {
        String name = newRepository(Map.of("values.yaml", "tag: 1\n"));
        String url = server.repositoryUrl(name);
        GitOpsWorkspace workspace = workspace(clones);
        String first = committed(workspace.write(
                WriteRequest.toBranch(url, "main", setFile("values.yaml", "tag: 2\n"), c -> "2", AUTHOR, COMMITTER)));

        // the queue knows the head this clone pushed: no fetch, one push
        int uploads = server.uploadRequests();
        WriteResult<String> known = workspace.write(
                WriteRequest.toBranch(url, "main", setFile("values.yaml", "tag: 3\n"), c -> "3", AUTHOR, COMMITTER)
                        .withKnownHead(first));
        assertThat(server.uploadRequests()).as("nothing fetched").isEqualTo(uploads);
        assertThat(known)
                .isInstanceOfSatisfying(
                        Committed.class, c -> assertThat(c.attempts()).isEqualTo(1));
        String second = committed(known);
        assertThat(parentOf(name, second)).isEqualTo(first);

        // a head the clone has not fetched is fetched first, as without one
        String outside = pushFromOutside(name, "main", Map.of("other.yaml", "theirs\n"));
        WriteResult<String> unknown = workspace.write(
                WriteRequest.toBranch(url, "main", setFile("values.yaml", "tag: 4\n"), c -> "4", AUTHOR, COMMITTER)
                        .withKnownHead(outside));
        assertThat(server.uploadRequests()).as("fetched").isGreaterThan(uploads);
        assertThat(parentOf(name, committed(unknown))).isEqualTo(outside);

        // another tool pushed after the last write: the push on the known head is rejected, fetched and re-applied
        String third = committed(unknown);
        String moved = pushFromOutside(name, "main", Map.of("other.yaml", "theirs again\n"));
        WriteResult<String> stale = workspace.write(
                WriteRequest.toBranch(url, "main", setFile("values.yaml", "tag: 5\n"), c -> "5", AUTHOR, COMMITTER)
                        .withKnownHead(third));
        assertThat(stale)
                .isInstanceOfSatisfying(
                        Committed.class, c -> assertThat(c.attempts()).isEqualTo(2));
        assertThat(parentOf(name, committed(stale))).isEqualTo(moved);
        assertThat(file(name, "main", "values.yaml")).isEqualTo("tag: 5\n");
        assertThat(file(name, "main", "other.yaml")).isEqualTo("theirs again\n");
    }

    @Test
    void noChangeOrAFailedEditOnAKnownHeadIsCheckedAgainstTheBranchAsTheHostHasIt() throws Exception {
        String name = newRepository(Map.of("values.yaml", "tag: 1\n"));
        String url = server.repositoryUrl(name);
        GitOpsWorkspace workspace = workspace(clones);
        String first = committed(workspace.write(
                WriteRequest.toBranch(url, "main", setFile("values.yaml", "tag: 2\n"), c -> "2", AUTHOR, COMMITTER)));

        // someone set the value back: the known head says "already tag 2", the branch does not
        String reverted = pushFromOutside(name, "main", Map.of("values.yaml", "tag: 1\n"));
        WriteResult<String> again = workspace.write(
                WriteRequest.toBranch(url, "main", setFile("values.yaml", "tag: 2\n"), c -> "2", AUTHOR, COMMITTER)
                        .withKnownHead(first));
        assertThat(again).isInstanceOf(Committed.class);
        assertThat(parentOf(name, committed(again))).isEqualTo(reverted);
        assertThat(file(name, "main", "values.yaml")).isEqualTo("tag: 2\n");

        // a file added by someone else is missing on the known head: the edit fails there, not on the branch
        String added = pushFromOutside(name, "main", Map.of("apps/new/values.yaml", "tag: 1\n"));
        Applier<String> editExisting = workTree -> {
            Path file = workTree.resolve("apps/new/values.yaml");
            if (!Files.exists(file)) {
                throw new IllegalStateException("apps/new/values.yaml does not exist");
            }
            Files.writeString(file, "tag: 9\n");
            return List.of("apps/new/values.yaml");
        };
        WriteResult<String> edited =
                workspace.write(WriteRequest.toBranch(url, "main", editExisting, c -> "9", AUTHOR, COMMITTER)
                        .withKnownHead(committed(again)));
        assertThat(edited).isInstanceOf(Committed.class);
        assertThat(parentOf(name, committed(edited))).isEqualTo(added);
        assertThat(file(name, "main", "apps/new/values.yaml")).isEqualTo("tag: 9\n");
    }

    private static String committed(WriteResult<String> result) {
        assertThat(result).isInstanceOf(Committed.class);
        return ((Committed<String>) result).commit();
    }

    @Test
    void readyingACloneForAMissingBranchRepositoryOrBadUrlDoesNothingAndTheWriteStillReportsIt() throws Exception {
        String name = newRepository(Map.of("values.yaml", "tag: 1\n"));
        String url = server.repositoryUrl(name);
        GitOpsWorkspace workspace = workspace(clones);

        assertThat(workspace.prepare(url, "release", "release")).isFalse();
        assertFailure(
                workspace.write(WriteRequest.toBranch(
                        url, "release", setFile("values.yaml", "x\n"), changes -> "m", AUTHOR, COMMITTER)),
                WriteFailure.BRANCH_NOT_FOUND,
                "branch 'release' does not exist");
        assertThat(workspace.prepare(server.repositoryUrl("acme/nowhere"), "main", "main"))
                .isFalse();
        assertThat(workspace.prepare("file:///etc", "main", "main")).isFalse();
        assertThat(workspace.prepare(url, "../main", "../main")).isFalse();
        // a pull-request branch not pushed yet is readied at its base
        assertThat(workspace.prepare(url, "gitops-flow/dev/abc", "main")).isTrue();
    }

    @Test
    void missingBranchesRepositoriesAndBadRequestsFailWithAReasonAndNoRetry() throws Exception {
        String name = newRepository(Map.of("values.yaml", "tag: 1\n"));
        String url = server.repositoryUrl(name);
        GitOpsWorkspace workspace = workspace(clones);

        assertFailure(
                workspace.write(WriteRequest.toBranch(
                        url, "release", setFile("values.yaml", "x\n"), changes -> "m", AUTHOR, COMMITTER)),
                WriteFailure.BRANCH_NOT_FOUND,
                "branch 'release' does not exist");
        assertFailure(
                workspace.write(WriteRequest.toPullRequestBranch(
                        url,
                        "gitops-flow/dev/abc",
                        "release",
                        setFile("values.yaml", "x\n"),
                        c -> "m",
                        AUTHOR,
                        COMMITTER)),
                WriteFailure.BRANCH_NOT_FOUND,
                "branch 'release' does not exist");
        assertFailure(
                workspace.write(WriteRequest.toBranch(
                        server.repositoryUrl("acme/nowhere"),
                        "main",
                        setFile("values.yaml", "x\n"),
                        changes -> "m",
                        AUTHOR,
                        COMMITTER)),
                WriteFailure.REPOSITORY_NOT_FOUND,
                "does not exist");
        assertFailure(
                workspace.write(WriteRequest.toBranch(
                        url.replace("http://", "http://user:inline-secret@"),
                        "main",
                        setFile("values.yaml", "x\n"),
                        changes -> "m",
                        AUTHOR,
                        COMMITTER)),
                WriteFailure.INVALID_REQUEST,
                "must not carry credentials");
        assertFailure(
                workspace.write(WriteRequest.toBranch(
                        "file:///etc/passwd", "main", setFile("values.yaml", "x\n"), c -> "m", AUTHOR, COMMITTER)),
                WriteFailure.INVALID_REQUEST,
                "only http and https");
        assertFailure(
                workspace.write(WriteRequest.toBranch(
                        url, "main..x", setFile("values.yaml", "x\n"), changes -> "m", AUTHOR, COMMITTER)),
                WriteFailure.INVALID_REQUEST,
                "branch name");
        assertFailure(
                workspace.write(WriteRequest.toBranch(
                        url,
                        "main",
                        workTree -> {
                            throw new IllegalStateException("field image.tag not found in values.yaml");
                        },
                        changes -> "m",
                        AUTHOR,
                        COMMITTER)),
                WriteFailure.APPLIER_FAILED,
                "field image.tag not found in values.yaml");
        assertFailure(
                workspace.write(WriteRequest.toBranch(
                        url, "main", setFile("../outside.yaml", "x\n"), changes -> "m", AUTHOR, COMMITTER)),
                WriteFailure.INVALID_REQUEST,
                "'..'");
        assertFailure(
                workspace.write(WriteRequest.toBranch(
                        url, "main", setFile(".git/config", "x\n"), changes -> "m", AUTHOR, COMMITTER)),
                WriteFailure.INVALID_REQUEST,
                "'.git'");
        assertThat(file(name, "main", "values.yaml")).isEqualTo("tag: 1\n");
    }

    @Test
    void aHostThatStoppedServingFailsAsUnreachableAndTheSameWriteLandsOnceItServesAgain() throws Exception {
        try (GitServer host = GitServer.start()) {
            host.createRepository("acme/outage", Map.of("values.yaml", "tag: 1\n"));
            String url = host.repositoryUrl("acme/outage");
            GitOpsWorkspace workspace = workspace(clones);
            assertThat(workspace.write(WriteRequest.toBranch(
                            url, "main", setFile("values.yaml", "tag: 2\n"), c -> "2", AUTHOR, COMMITTER)))
                    .isInstanceOf(Committed.class);
            WriteRequest<String> during =
                    WriteRequest.toBranch(url, "main", setFile("values.yaml", "tag: 3\n"), c -> "3", AUTHOR, COMMITTER);

            host.stop();
            WriteResult<String> down = workspace.write(during);
            host.restart();

            assertThat(down).isInstanceOf(Failed.class);
            assertThat(((Failed<String>) down).failure()).isEqualTo(WriteFailure.UNREACHABLE);
            assertThat(((Failed<String>) down).failure().retryable()).isTrue();
            assertThat(host.repositoryUrl("acme/outage")).isEqualTo(url);
            assertThat(workspace.write(during)).isInstanceOf(Committed.class);
            assertThat(host.file("acme/outage", "main", "values.yaml")).isEqualTo("tag: 3\n");
        }
    }

    @Test
    void aCloneBrokenByACrashIsRebuilt() throws Exception {
        String name = newRepository(Map.of("values.yaml", "tag: 1\n"));
        String url = server.repositoryUrl(name);
        GitOpsWorkspace workspace = workspace(clones);
        assertThat(workspace.write(WriteRequest.toBranch(
                        url, "main", setFile("values.yaml", "tag: 2\n"), changes -> "2", AUTHOR, COMMITTER)))
                .isInstanceOf(Committed.class);
        // a process killed during a write leaves the index locked
        Files.writeString(workspace.cloneFolder(url, "main").resolve(".git/index.lock"), "");

        WriteResult<String> result = workspace.write(
                WriteRequest.toBranch(url, "main", setFile("values.yaml", "tag: 3\n"), c -> "3", AUTHOR, COMMITTER));

        assertThat(result).isInstanceOf(Committed.class);
        assertThat(file(name, "main", "values.yaml")).isEqualTo("tag: 3\n");
    }

    @Test
    void eachWriteStoresOnePackAndTheClonesPacksAreMergedOnceThereAreTooMany() throws Exception {
        String name = newRepository(Map.of("a/values.yaml", "tag: 0\n", "b/values.yaml", "tag: 0\n"));
        String url = server.repositoryUrl(name);
        GitOpsWorkspace workspace = workspace(clones);
        Applier<String> both = workTree -> {
            for (String path : List.of("a/values.yaml", "b/values.yaml")) {
                Files.writeString(workTree.resolve(path), "tag: 1\n");
            }
            return List.of("a/values.yaml", "b/values.yaml");
        };
        assertThat(workspace.write(WriteRequest.toBranch(url, "main", both, c -> "1", AUTHOR, COMMITTER)))
                .isInstanceOf(Committed.class);
        Path objects = workspace.cloneFolder(url, "main").resolve(".git/objects");
        // the batch's blobs and trees went into a pack: only the commit object is loose
        assertThat(looseObjects(objects)).isEqualTo(1);
        try (Git clone = Git.open(workspace.cloneFolder(url, "main").toFile())) {
            StoredConfig config = clone.getRepository().getConfig();
            assertThat(config.getBoolean("gc", "autoDetach", true)).isFalse();
            config.setInt("gc", null, "autoPackLimit", 4);
            config.save();
        }

        for (int i = 2; i <= 8; i++) {
            String tag = "tag: " + i + "\n";
            WriteResult<String> result = workspace.write(
                    WriteRequest.toBranch(url, "main", setFile("a/values.yaml", tag), c -> tag, AUTHOR, COMMITTER));
            assertThat(result).isInstanceOf(Committed.class);
            // a write leaves the packing to housekeeping, which the dispatcher runs once the answers are out
            long packsWritten = packs(objects);
            workspace.housekeep(url, "main", "main");
            assertThat(packs(objects)).isLessThanOrEqualTo(5);
            if (packsWritten > 5) {
                assertThat(packs(objects)).isEqualTo(1);
            }
        }

        assertThat(file(name, "main", "a/values.yaml")).isEqualTo("tag: 8\n");
        assertThat(file(name, "main", "b/values.yaml")).isEqualTo("tag: 1\n");
        // the packed clone still writes, and still knows a change already on the branch
        assertThat(workspace.write(WriteRequest.toBranch(
                        url, "main", setFile("a/values.yaml", "tag: 8\n"), c -> "8", AUTHOR, COMMITTER)))
                .isInstanceOf(NoChange.class);
    }

    private static long looseObjects(Path objects) throws Exception {
        try (var paths = Files.walk(objects, 2)) {
            return paths.filter(
                            path -> path.getParent().getFileName().toString().matches("[0-9a-f]{2}"))
                    .count();
        }
    }

    private static long packs(Path objects) throws Exception {
        try (var paths = Files.list(objects.resolve("pack"))) {
            return paths.filter(path -> path.getFileName().toString().endsWith(".pack"))
                    .count();
        }
    }

    @Test
    void aPullRequestBranchStartsFromTheBaseAndIsUpdatedByFastForward() throws Exception {
        String name = newRepository(Map.of("values.yaml", "tag: 1\n", "other.yaml", "x: 1\n"));
        String url = server.repositoryUrl(name);
        String prBranch = "gitops-flow/staging/freight-abc";
        String base = head(name, "main");
        GitOpsWorkspace workspace = workspace(clones);

        WriteResult<String> opened = workspace.write(WriteRequest.toPullRequestBranch(
                url, prBranch, "main", setFile("values.yaml", "tag: 2\n"), changes -> "pr 1", AUTHOR, COMMITTER));

        assertThat(opened).isInstanceOf(Committed.class);
        String first = ((Committed<String>) opened).commit();
        assertThat(((Committed<String>) opened).branch()).isEqualTo(prBranch);
        assertThat(head(name, prBranch)).isEqualTo(first);
        assertThat(parentOf(name, first)).isEqualTo(base);
        assertThat(head(name, "main")).isEqualTo(base);
        assertThat(file(name, "main", "values.yaml")).isEqualTo("tag: 1\n");

        // main moves on; the pull request branch keeps building on itself, so its update is a fast-forward
        pushFromOutside(name, "main", Map.of("unrelated.yaml", "y\n"));
        WriteResult<String> updated = workspace.write(WriteRequest.toPullRequestBranch(
                url, prBranch, "main", setFile("other.yaml", "x: 2\n"), changes -> "pr 2", AUTHOR, COMMITTER));

        assertThat(updated).isInstanceOf(Committed.class);
        String second = ((Committed<String>) updated).commit();
        assertThat(parentOf(name, second)).isEqualTo(first);
        assertThat(file(name, prBranch, "values.yaml")).isEqualTo("tag: 2\n");
        assertThat(file(name, prBranch, "other.yaml")).isEqualTo("x: 2\n");

        // a redelivery finds its change in the pull request branch
        assertThat(workspace.write(WriteRequest.toPullRequestBranch(
                        url, prBranch, "main", setFile("values.yaml", "tag: 2\n"), c -> "again", AUTHOR, COMMITTER)))
                .isEqualTo(new NoChange<String>(second, prBranch));
        // a change already on the base needs no pull request branch at all
        assertThat(workspace.write(WriteRequest.toPullRequestBranch(
                        url,
                        "gitops-flow/staging/freight-def",
                        "main",
                        setFile("values.yaml", "tag: 1\n"),
                        c -> "none",
                        AUTHOR,
                        COMMITTER)))
                .isEqualTo(new NoChange<String>(head(name, "main"), "main"));
    }

    private static void assertFailure(WriteResult<String> result, WriteFailure failure, String reasonPart) {
        assertThat(result).isInstanceOfSatisfying(Failed.class, failed -> {
            assertThat(failed.failure()).isEqualTo(failure);
            assertThat(failed.reason()).contains(reasonPart).doesNotContain("inline-secret");
            assertThat(failed.attempts()).isLessThanOrEqualTo(1);
        });
    }

    /** An applier that sets one file's content, reading what is there first: empty when it already says so. */
    private static Applier<String> setFile(String path, String content) {
        return workTree -> {
            Path file = workTree.resolve(path);
            if (Files.exists(file) && Files.readString(file).equals(content)) {
                return List.of();
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return List.of(path);
        };
    }

    private static GitOpsWorkspace workspace(Path folder) {
        return new GitOpsWorkspace(settings(folder), RepositoryCredentials.none());
    }

    private static WorkspaceSettings settings(Path folder) {
        return new WorkspaceSettings(folder, Duration.ofSeconds(30), FAST_RETRY);
    }

    private static String newRepository(Map<String, String> files) {
        String name = "acme/gitops-" + REPOSITORIES.incrementAndGet();
        server.createRepository(name, files);
        return name;
    }

    private static void enableReflog(String name) throws Exception {
        try (Repository repository = server.open(name)) {
            StoredConfig config = repository.getConfig();
            config.setBoolean("core", null, "logAllRefUpdates", true);
            config.save();
        }
    }

    /** Commits {@code files} on {@code branch} from a separate clone and pushes it, as another tool would. */
    private static String pushFromOutside(String name, String branch, Map<String, String> files) throws Exception {
        Path work = TestFolders.newFolder("outside");
        try (Git git = Git.cloneRepository()
                .setURI(server.repositoryUrl(name))
                .setBranch(branch)
                .setDirectory(work.toFile())
                .call()) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = work.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            git.add().addFilepattern(".").call();
            RevCommit commit = git.commit()
                    .setMessage("outside change")
                    .setAuthor("someone", "someone@example.com")
                    .setCommitter("someone", "someone@example.com")
                    .setSign(false)
                    .call();
            git.push().add(branch).call();
            return commit.name();
        } finally {
            TestFolders.deleteRecursively(work);
        }
    }

    /** Commits a symbolic link {@code link} → {@code target} on main from a separate clone and pushes it. */
    private static String pushSymbolicLinkFromOutside(String name, String link, String target) throws Exception {
        Path work = TestFolders.newFolder("outside");
        try (Git git = Git.cloneRepository()
                .setURI(server.repositoryUrl(name))
                .setBranch("main")
                .setDirectory(work.toFile())
                .call()) {
            Files.createSymbolicLink(work.resolve(link), Path.of(target));
            git.add().addFilepattern(link).call();
            RevCommit commit = git.commit()
                    .setMessage("a link")
                    .setAuthor("someone", "someone@example.com")
                    .setCommitter("someone", "someone@example.com")
                    .setSign(false)
                    .call();
            git.push().add("main").call();
            return commit.name();
        } finally {
            TestFolders.deleteRecursively(work);
        }
    }

    private static String head(String name, String branch) throws Exception {
        try (Repository repository = server.open(name)) {
            ObjectId id = repository.resolve("refs/heads/" + branch);
            return id == null ? null : id.name();
        }
    }

    private static String parentOf(String name, String commit) throws Exception {
        try (Repository repository = server.open(name);
                RevWalk walk = new RevWalk(repository)) {
            RevCommit parsed = walk.parseCommit(ObjectId.fromString(commit));
            assertThat(parsed.getParentCount()).isEqualTo(1);
            return parsed.getParent(0).name();
        }
    }

    private static List<RevCommit> firstParentHistory(String name, String branch, String stopAt) throws Exception {
        try (Repository repository = server.open(name);
                RevWalk walk = new RevWalk(repository)) {
            List<RevCommit> history = new ArrayList<>();
            RevCommit commit = walk.parseCommit(repository.resolve("refs/heads/" + branch));
            while (!commit.name().equals(stopAt)) {
                history.add(commit);
                commit = walk.parseCommit(commit.getParent(0));
            }
            return history;
        }
    }

    private static String file(String name, String branch, String path) throws Exception {
        try (Repository repository = server.open(name);
                RevWalk walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(repository.resolve("refs/heads/" + branch));
            try (TreeWalk tree = TreeWalk.forPath(repository, path, commit.getTree())) {
                if (tree == null) {
                    return null;
                }
                return new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
