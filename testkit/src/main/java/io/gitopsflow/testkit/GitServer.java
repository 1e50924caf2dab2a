package io.gitopsflow.testkit;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.resolver.FileResolver;
import org.eclipse.jgit.transport.resolver.ReceivePackFactory;
import org.eclipse.jgit.transport.resolver.UploadPackFactory;

/**
 * A real Git smart-HTTP server (JGit's GitServlet on Jetty) serving bare repositories from a temp folder at
 * {@code http://127.0.0.1:<port>/git/<name>.git}, for clone, fetch and push by JGit and by C git. With a token, every
 * request must authenticate (HTTP Basic with the token as password, any user name; or a Bearer token).
 */
public final class GitServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(GitServer.class.getName());

    private final Server server;
    private final Path root;
    private final BareRepositories repositories;
    private final String token;
    private final AtomicInteger pushes = new AtomicInteger();
    private final AtomicInteger uploads = new AtomicInteger();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Set<String> refusingShallow = ConcurrentHashMap.newKeySet();
    private final Set<String> advertisedWantsOnly = ConcurrentHashMap.newKeySet();
    private final List<PushListener> pushListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Told of every push the server accepted, after the refs moved (as a Git host's push webhook is). */
    @FunctionalInterface
    public interface PushListener {
        /**
         * @param repository the repository's name, e.g. {@code acme/books-api}
         * @param ref the updated ref, e.g. {@code refs/heads/main}
         * @param before the ref's commit before the push (all zeros when created)
         * @param after its commit after the push (all zeros when deleted)
         */
        void pushed(String repository, String ref, String before, String after);
    }

    private GitServer(Server server, Path root, String token) {
        this.server = server;
        this.root = root;
        this.repositories = new BareRepositories(root);
        this.token = token;
    }

    /** Starts a server without authentication. */
    public static GitServer start() {
        return start(null);
    }

    /** Starts a server; when {@code token} is not null every request must carry it. */
    public static GitServer start(String token) {
        long started = System.nanoTime();
        Path root = TestFolders.newFolder("git");
        Server server = new Server(new InetSocketAddress("127.0.0.1", 0));
        GitServer gitServer = new GitServer(server, root, token);

        GitServlet servlet = new GitServlet();
        servlet.setRepositoryResolver(new FileResolver<>(root.toFile(), true));
        ReceivePackFactory<HttpServletRequest> receivePacks = (request, repository) -> {
            ReceivePack receivePack = new ReceivePack(repository);
            receivePack.setPostReceiveHook((pack, commands) -> {
                gitServer.pushes.incrementAndGet();
                gitServer.notifyPushed(repository, commands);
            });
            return receivePack;
        };
        servlet.setReceivePackFactory(receivePacks);
        UploadPackFactory<HttpServletRequest> uploadPacks = (request, repository) -> {
            gitServer.uploads.incrementAndGet();
            UploadPack uploadPack = new UploadPack(repository);
            uploadPack.setPreUploadHook(new GitServerPolicies.ShallowPolicy(
                    checked -> gitServer.matches(gitServer.refusingShallow, checked)));
            if (gitServer.matches(gitServer.advertisedWantsOnly, repository)) {
                // JGit's ADVERTISED policy still allows reachable commits over stateless HTTP: check the tips here
                uploadPack.setRequestValidator(GitServerPolicies::checkWantsAreTips);
            }
            return uploadPack;
        };
        servlet.setUploadPackFactory(uploadPacks);

        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(servlet), "/git/*");
        context.addFilter(
                new FilterHolder(new GitServerPolicies.DelayFilter(gitServer.delays)),
                "/*",
                EnumSet.allOf(jakarta.servlet.DispatcherType.class));
        if (token != null) {
            context.addFilter(
                    new FilterHolder(new GitServerPolicies.TokenFilter(token)),
                    "/*",
                    EnumSet.allOf(jakarta.servlet.DispatcherType.class));
        }
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the Git server", e);
        }
        LOG.log(
                Level.INFO,
                "Git smart-HTTP server started at {0} in {1} ms, repositories in {2}",
                gitServer.baseUrl(),
                String.valueOf(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)),
                root);
        return gitServer;
    }

    /** {@code http://127.0.0.1:<port>/git/}. */
    public String baseUrl() {
        ServerConnector connector = connector();
        // while stopped the local port is -1: the URL stays the one it serves on again
        int port = connector.getLocalPort() > 0 ? connector.getLocalPort() : connector.getPort();
        return "http://127.0.0.1:" + port + "/git/";
    }

    /** The clone URL of repository {@code name}, e.g. {@code http://127.0.0.1:1234/git/acme/books-api.git}. */
    public String repositoryUrl(String name) {
        return baseUrl() + name + ".git";
    }

    /**
     * Makes every request for repository {@code name} wait {@code delay} first: a slow Git host, for tests that need a
     * build or a write to take a while. {@link Duration#ZERO} removes the delay.
     */
    public void delay(String name, Duration delay) {
        if (delay.isZero()) {
            delays.remove(name);
        } else {
            delays.put(name, delay);
        }
    }

    /**
     * Makes fetches of repository {@code name} that ask for a shallow history ({@code --depth}, unshallow) fail with
     * the server's error, as a host that forbids shallow clones does; full clones and fetches still work. {@code false}
     * allows them again.
     */
    public void refuseShallow(String name, boolean refuse) {
        if (refuse) {
            refusingShallow.add(name);
        } else {
            refusingShallow.remove(name);
        }
    }

    /**
     * Makes fetches of repository {@code name} that want a commit no branch or tag points at fail, as C git does
     * without {@code uploadpack.allowReachableSHA1InWant}; {@code false} allows them again (JGit's default).
     */
    public void refuseUnadvertisedWants(String name, boolean refuse) {
        if (refuse) {
            advertisedWantsOnly.add(name);
        } else {
            advertisedWantsOnly.remove(name);
        }
    }

    private boolean matches(Set<String> names, Repository repository) {
        Path folder = repository.getDirectory().toPath().toAbsolutePath().normalize();
        return names.stream()
                .anyMatch(name ->
                        repositoryFolder(name).toAbsolutePath().normalize().equals(folder));
    }

    /** Tells {@code listener} of every accepted push from now on. */
    public void onPush(PushListener listener) {
        pushListeners.add(listener);
    }

    private void notifyPushed(Repository repository, Collection<org.eclipse.jgit.transport.ReceiveCommand> commands) {
        if (pushListeners.isEmpty()) {
            return;
        }
        String folder = root.toAbsolutePath()
                .normalize()
                .relativize(repository.getDirectory().toPath().toAbsolutePath().normalize())
                .toString();
        String name = folder.endsWith(".git") ? folder.substring(0, folder.length() - 4) : folder;
        for (org.eclipse.jgit.transport.ReceiveCommand command : commands) {
            if (command.getResult() != org.eclipse.jgit.transport.ReceiveCommand.Result.OK) {
                continue;
            }
            for (PushListener listener : pushListeners) {
                try {
                    listener.pushed(
                            name,
                            command.getRefName(),
                            command.getOldId().name(),
                            command.getNewId().name());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a push listener failed: {0}", e.toString());
                }
            }
        }
    }

    /** The folder of the bare repository {@code name}. */
    public Path repositoryFolder(String name) {
        return repositories.folder(name);
    }

    /** Creates an empty bare repository {@code name} (may contain '/', like {@code acme/gitops}) on {@code main}. */
    public String createRepository(String name) {
        repositories.create(name);
        return repositoryUrl(name);
    }

    /**
     * Creates bare repository {@code name} whose {@code main} holds one commit with {@code files} (path to content),
     * e.g. a sample application or a GitOps repository laid out like the seeds'.
     */
    public String createRepository(String name, Map<String, String> files) {
        String url = createRepository(name);
        repositories.seed(name, files);
        return url;
    }

    /** The commit {@code main} of repository {@code name} points at. */
    public String head(String name) {
        return head(name, "main");
    }

    /** The commit {@code branch} of repository {@code name} points at, or null when there is no such branch. */
    public String head(String name, String branch) {
        return repositories.head(name, branch);
    }

    /**
     * Commits {@code files} (path to content) on top of {@code main} of repository {@code name} and pushes it through
     * the server, as a developer would; answers the new commit.
     */
    public String commit(String name, Map<String, String> files) {
        return commits(name, List.of(files)).get(0);
    }

    /** As {@link #commit(String, Map)}, with {@code message} as the commit message. */
    public String commit(String name, String message, Map<String, String> files) {
        return commits(name, List.of(files), message).get(0);
    }

    /**
     * Commits each of {@code changes} (path to content) in turn on top of {@code main} of repository {@code name} and
     * pushes them through the server in one push, for a history of many commits; answers the new commits, oldest first.
     */
    public List<String> commits(String name, List<Map<String, String>> changes) {
        return commits(name, changes, "Next commit");
    }

    private List<String> commits(String name, List<Map<String, String>> changes, String message) {
        Path work = TestFolders.newFolder("commit");
        // with a token the server asks every request for it, the testkit's own included
        CredentialsProvider credentials =
                token == null ? null : new UsernamePasswordCredentialsProvider("testkit", token);
        try (Git git = Git.cloneRepository()
                .setURI(repositoryUrl(name))
                .setDirectory(work.toFile())
                .setCredentialsProvider(credentials)
                .call()) {
            List<String> shas = new ArrayList<>();
            for (Map<String, String> files : changes) {
                shas.add(BareRepositories.commitFiles(git, work, files, message));
            }
            git.push().setCredentialsProvider(credentials).call();
            return shas;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot commit to repository " + name, e);
        } finally {
            TestFolders.deleteRecursively(work);
        }
    }

    /** The content of {@code path} at the head of {@code branch} of repository {@code name}, or null when absent. */
    public String file(String name, String branch, String path) {
        return repositories.file(name, branch, path);
    }

    /** How many commits {@code branch} of repository {@code name} holds (0 when the branch does not exist). */
    public int commitCount(String name, String branch) {
        return repositories.commitCount(name, branch);
    }

    /** Opens the bare repository {@code name} directly on disk, to inspect what was pushed. */
    public Repository open(String name) throws IOException {
        return repositories.open(name);
    }

    /** How many pushes the server accepted since it started. */
    public int acceptedPushes() {
        return pushes.get();
    }

    /**
     * How many upload-pack requests (a fetch's or clone's ref advertisement and its negotiation: at least one per
     * fetch) the server answered since it started.
     */
    public int uploadRequests() {
        return uploads.get();
    }

    /**
     * Stops serving, as a Git host that went down: the port is closed (clients get "connection refused") and requests
     * in flight are cut; the repositories stay. {@link #restart()} serves them again on the same port.
     */
    public synchronized void stop() {
        ServerConnector connector = connector();
        if (!connector.isStarted()) {
            return;
        }
        // the next start binds this port again rather than a new one (the connector was started on port 0)
        connector.setPort(connector.getLocalPort());
        try {
            connector.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop serving the Git server", e);
        }
        LOG.log(Level.INFO, "Git smart-HTTP server stopped serving on port {0}", String.valueOf(connector.getPort()));
    }

    /** Serves again on the port it had before {@link #stop()}; does nothing while it serves. */
    public synchronized void restart() {
        ServerConnector connector = connector();
        if (connector.isStarted()) {
            return;
        }
        try {
            connector.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot serve the Git server again on port " + connector.getPort(), e);
        }
        LOG.log(Level.INFO, "Git smart-HTTP server serves again at {0}", baseUrl());
    }

    /** Whether it serves now (not between {@link #stop()} and {@link #restart()}). */
    public boolean serving() {
        return connector().isStarted();
    }

    private ServerConnector connector() {
        return (ServerConnector) server.getConnectors()[0];
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Git server did not stop cleanly: {0}", e.getMessage());
        }
        TestFolders.deleteRecursively(root);
    }
}
