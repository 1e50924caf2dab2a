package io.gitopsflow.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each service's own settings in the local run, against the stack's infrastructure: the Git server's hosts, the
 * registry (or the image archives), the pipelines in the GitOps repository, the AnalysisTemplate written into the stack's work folder,
 * and the console's way to promotion-service and its notification rule for the sample pipeline, whose receiver is the
 * local {@link NotificationReceiver}.
 */
final class ServiceSettings {

    /** The sample pipeline's notification rule: every outcome of every stage of {@code books}. */
    static final String NOTIFIED_OUTCOMES = "awaiting-approval,succeeded,failed,verification-failed,rolled-back";

    private final LocalStack stack;
    private final String devApplicationUrl;
    private final NotificationReceiver notifications;

    ServiceSettings(LocalStack stack, String devApplicationUrl, NotificationReceiver notifications) {
        this.stack = stack;
        this.devApplicationUrl = devApplicationUrl;
        this.notifications = notifications;
    }

    /** The settings of each service by name, given where promotion-service and analysis-service listen. */
    Map<String, Map<String, String>> perService(
            String promotionServiceUrl, String analysisServiceUrl, String gitOpsWriterUrl) {
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        String gitHost =
                stack.git().baseUrl().substring(0, stack.git().baseUrl().length() - 1);
        settings.put(
                "event-gateway",
                Map.of(
                        "gitops-flow.gateway.secrets.default", LocalStack.WEBHOOK_SECRET,
                        // a registry's push notifications (POST /webhooks/registry) bear the same secret
                        "gitops-flow.gateway.secrets.registry-token", LocalStack.WEBHOOK_SECRET,
                        // pushes may name only the local Git server's repositories as their clone URL
                        "gitops-flow.gateway.providers.github.clone-hosts", gitHost,
                        "gitops-flow.gateway.providers.gitea.clone-hosts", gitHost,
                        "gitops-flow.gateway.providers.gitlab.clone-hosts", gitHost));
        Map<String, String> build = new LinkedHashMap<>();
        build.put("gitops-flow.build.registry", stack.registryHost());
        build.put("gitops-flow.build.allow-insecure-registries", "true");
        stack.imageArchives()
                .ifPresent(archives -> build.put("gitops-flow.build.oci-archive-directory", archives.toString()));
        settings.put("build-worker", build);
        // each instance's clone folder is its own (StackServices), as each pod has its own volume
        settings.put(
                "gitops-writer",
                Map.of(
                        "gitops-flow.writer.allowed-repositories",
                        stack.git().baseUrl(),
                        // there is no cluster whose Argo CD it could refresh
                        "gitops-flow.writer.refresh-argo-cd",
                        "false"));
        // the pipelines come from the GitOps repository's pipelines/ folder (SampleRepositories), as onboarding
        // writes them; each instance checks it out under its own java.io.tmpdir (StackServices)
        settings.put(
                "promotion-service",
                Map.of(
                        "gitops-flow.promotion.pipelines-git.url",
                        stack.gitopsUrl(),
                        "gitops-flow.promotion.pipelines-git.path",
                        SampleRepositories.PIPELINES,
                        "gitops-flow.promotion.pipelines",
                        stack.work().toString(),
                        "gitops-flow.promotion.reconcile-interval",
                        "1s"));
        Path templates = write(
                "analysis-templates/books-success-rate.yaml",
                stack.prometheusUrl() != null
                        ? SamplePipeline.prometheusTemplate(stack.prometheusUrl())
                        : SamplePipeline.webTemplate(devApplicationUrl + "/status"));
        settings.put(
                "analysis-service",
                Map.of(
                        "gitops-flow.analysis.templates-dir",
                        templates.getParent().toString()));
        settings.put("console", console(promotionServiceUrl, analysisServiceUrl, gitOpsWriterUrl));
        return settings;
    }

    /**
     * The console: promotion-service for people's actions, analysis-service for the analysis charts, gitops-writer for
     * onboarding, and the sample pipeline's rule to the local receiver.
     */
    Map<String, String> console(String promotionServiceUrl, String analysisServiceUrl, String gitOpsWriterUrl) {
        Map<String, String> console = new LinkedHashMap<>();
        console.put("quarkus.rest-client.promotion-service.url", promotionServiceUrl);
        console.put("quarkus.rest-client.analysis-service.url", analysisServiceUrl);
        console.put("quarkus.rest-client.gitops-writer.url", gitOpsWriterUrl);
        console.put("gitops-flow.console.notifications.receivers.local.kind", "webhook");
        console.put("gitops-flow.console.notifications.receivers.local.url", notifications.url());
        console.put("gitops-flow.console.notifications.rules.books.pipeline", LocalStack.PIPELINE);
        console.put("gitops-flow.console.notifications.rules.books.on", NOTIFIED_OUTCOMES);
        console.put("gitops-flow.console.notifications.rules.books.receivers", "local");
        console.putAll(signIn());
        return console;
    }

    /** How people sign in to the console's pages: the OpenID Connect provider, the local users, or not at all. */
    private Map<String, String> signIn() {
        Map<String, String> settings = new LinkedHashMap<>();
        SignIn.Provider provider = stack.signIn().provider();
        if (provider != null) {
            settings.put("quarkus.oidc.tenant-enabled", "true");
            settings.put("quarkus.oidc.auth-server-url", provider.issuer());
            settings.put("quarkus.oidc.client-id", provider.clientId());
            settings.put("quarkus.oidc.credentials.secret", provider.clientSecret());
            // the provider may still be starting (a test starts both at once): the console waits for it at start
            settings.put("quarkus.oidc.connection-delay", "3M");
            settings.put("gitops-flow.console.ui.sign-in", "code");
        } else {
            // local users sign in only when asked for; without their folder the sign-in page says how to turn it on
            settings.put("gitops-flow.console.ui.sign-in", "local-users");
            if (stack.signIn().localUsers()) {
                settings.put(
                        "gitops-flow.console.ui.local-users",
                        stack.tokens().file("viewer").getParent().toString());
            }
        }
        return settings;
    }

    private Path write(String relative, String content) {
        Path file = stack.work().resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
