package io.gitopsflow.local;

import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code ./gitops-flow-local}: starts the {@link LocalStack} on the README's ports, pushes a commit to the sample
 * application and shows it moving live (webhook → build → image → Freight → dev manifest commit → verification →
 * waiting for approval), with the commands that approve it into staging and prod, the console's URL and the
 * notifications it sends. Every later {@code git push} to
 * the sample application sends its webhook too, as a Git host would. Ctrl-C stops everything.
 */
public final class LocalRun {

    private LocalRun() {}

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        Options options = Options.parse(args);
        SignIn signIn = options.signIn();
        Path root = Path.of(System.getProperty("gitopsflow.root", ".")).toAbsolutePath();
        long started = System.nanoTime();
        out.printf(
                "Starting gitops-flow locally (Kafka, PostgreSQL, Git server, registry, Prometheus, six services)…%n");
        LocalStack stack = LocalStack.start(
                root,
                true,
                !"none".equals(System.getProperty("gitopsflow.local.registry")),
                signIn,
                options.replicas(),
                out);
        CountDownLatch stopped = new CountDownLatch(1);
        ExecutorService webhooks = Executors.newSingleThreadExecutor();
        LiveView view = LiveView.start(stack, out);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            out.printf("%nStopping gitops-flow…%n");
                            webhooks.shutdownNow();
                            view.close();
                            stack.close();
                            stopped.countDown();
                        },
                        "gitops-flow-stop"));

        out.printf("%ngitops-flow is up in %,d ms:%n", (System.nanoTime() - started) / 1_000_000);
        for (String service : LocalStack.SERVICES.keySet()) {
            out.printf(
                    "  %-34s %s  (OpenAPI %s/q/openapi)%n",
                    service, String.join(" ", stack.urls(service)), stack.url(service));
        }
        for (Map.Entry<String, String> setting : settings(stack).entrySet()) {
            out.printf("  %-34s %s%n", setting.getKey(), setting.getValue());
        }

        SamplePush pushes = new SamplePush(stack.git(), stack.url("event-gateway"));
        // as a Git host does: every push to the sample application sends its webhook
        stack.git().onPush((repository, ref, before, after) -> {
            boolean mainOrTag = "refs/heads/main".equals(ref) || ref.startsWith("refs/tags/");
            if (LocalStack.APPLICATION.equals(repository) && mainOrTag) {
                webhooks.execute(() -> send(pushes, pushes.describe(ref, before, after), view, out));
            }
        });

        out.printf("%nPushing a commit to %s; watch it move (times from the webhook):%n", stack.applicationUrl());
        stack.git()
                .commit(
                        LocalStack.APPLICATION,
                        "Say hello from the local run",
                        Map.of("site/index.html", "<h1>books-api</h1>\n<p>Hello from gitops-flow's local run.</p>\n"));
        CliLogins cli = stack.cli();
        out.printf(
                "%nPush your own changes (each push sends a signed webhook):%n  git clone %s /tmp/books-api && cd"
                        + " /tmp/books-api && echo change >> site/index.html && git commit -am change && git push%n"
                        + "Release it (image 1.0.0 and chart 1.0.0 to %s, written by pipeline books-release):%n"
                        + "  git tag v1.0.0 && git push origin v1.0.0%n"
                        + "Follow and steer it with the command line (%s, logged in as each local user):%n"
                        + "  %s%n  %s%n  %s%n  %s%n"
                        + "The console's notifications of pipeline books go to %s and are printed here.%n"
                        + "%s%n"
                        + "Press Ctrl-C to stop everything.%n%n",
                stack.applicationUrl(),
                SampleRepositories.RELEASE_APPLICATION,
                CliLogins.LAUNCHER,
                cli.command("viewer", "get stages books"),
                cli.command("viewer", "watch books"),
                cli.command("viewer", "get freight books"),
                cli.command("viewer", "timeline <commit>"),
                stack.notifications().url(),
                signIn.localUsers()
                        ? "The web console: " + stack.url("console")
                                + "/ui (sign in as a local user without a password:"
                                + " alice approves staging, bob and carol prod, viewer only looks)"
                        : "The web console: " + stack.url("console") + "/ui needs a sign-in: run ./gitops-flow-local"
                                + " --local-users to let the local users in without a password");
        stopped.await();
    }

    /**
     * The options: {@code --local-users} lets the local users sign in to the console's pages without a password
     * (never in a cluster); {@code --replicas N} runs N instances of every service (1 to 4).
     */
    record Options(SignIn signIn, int replicas) {

        static final String USAGE = "usage: ./gitops-flow-local [--local-users] [--replicas N]";

        static Options parse(String[] args) {
            SignIn signIn = SignIn.none();
            int replicas = 1;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if ("--local-users".equals(arg)) {
                    signIn = SignIn.withLocalUsers();
                } else if ("--replicas".equals(arg) || arg.startsWith("--replicas=")) {
                    String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : next(args, ++i);
                    replicas = replicas(value);
                } else if (!arg.isBlank()) {
                    usage("unknown option " + arg);
                }
            }
            return new Options(signIn, replicas);
        }

        private static String next(String[] args, int i) {
            if (i >= args.length) {
                usage("--replicas needs a number");
            }
            return args[i];
        }

        private static int replicas(String value) {
            if (!value.matches("[1-4]")) {
                usage("--replicas must be 1 to 4, not " + value);
            }
            return Integer.parseInt(value);
        }

        private static void usage(String problem) {
            System.err.printf("%s%n%s%n", problem, USAGE);
            System.exit(2);
        }
    }

    private static void send(SamplePush pushes, SamplePush.Push push, LiveView view, PrintStream out) {
        view.mark("push " + push.after().substring(0, 7) + " to " + LocalStack.APPLICATION + " main, delivery "
                + push.deliveryId());
        try {
            HttpResponse<String> response = pushes.send(push);
            out.printf("%22s event-gateway answered %d %s%n", "", response.statusCode(), response.body());
        } catch (RuntimeException e) {
            out.printf("%22s event-gateway did not answer: %s%n", "", e.getMessage());
        }
    }

    /** The settings a user needs, for printing. */
    private static Map<String, String> settings(LocalStack stack) {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("Kafka bootstrap servers", stack.kafka().bootstrapServers());
        settings.put("PostgreSQL", stack.postgres().jdbcUrl("postgres") + " (user postgres, password postgres)");
        settings.put("Git server", stack.git().baseUrl());
        settings.put("sample application", stack.applicationUrl());
        settings.put("GitOps repository", stack.gitopsUrl());
        settings.put(
                "pipelines in force", "folder " + SampleRepositories.PIPELINES + "/ of the GitOps repository, main");
        settings.put(
                "registry",
                stack.imageArchives()
                        .map(archives -> "none: images are written as OCI image archives under " + archives)
                        .orElse(stack.registryHost()));
        settings.put("Prometheus", stack.prometheusUrl() == null ? "(not installed)" : stack.prometheusUrl());
        settings.put("webhook secret (all repositories)", LocalStack.WEBHOOK_SECRET);
        settings.put("notification receiver (console)", stack.notifications().url());
        settings.put(
                "bearer tokens", stack.tokens().file("viewer").getParent() + "/<user>.jwt  users " + LocalTokens.USERS);
        settings.put("logs", stack.work().resolve("logs").toString());
        return settings;
    }
}
