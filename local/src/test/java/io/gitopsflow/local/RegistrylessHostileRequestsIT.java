package io.gitopsflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gitopsflow.local.hostile.HostileRequests;
import io.gitopsflow.local.hostile.HostileRequests.Outcome;
import io.gitopsflow.local.hostile.WebhookAttacks;
import io.gitopsflow.testkit.LocalHttp;
import io.gitopsflow.testkit.ServiceProcess;
import io.gitopsflow.testkit.TestPostgres;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local stack under attack: a seeded campaign of more than 1,000 hostile requests across every endpoint of all
 * six services (forged tokens, hostile names and bodies, signed webhooks a Git host would never send) answers no 5xx,
 * gives a reason with every refusal, and publishes, commits and records nothing. And the stack keeps its secrets: no
 * secret on a command line, settings and tokens readable by their owner only, every service on loopback only.
 */
class RegistrylessHostileRequestsIT {

    private static final long SEED = Long.getLong("hostile.seed", 17L);
    /** Refusals that must say why in their body (401/403/404/405/414 say it with their status). */
    private static final Set<Integer> NEED_A_REASON = Set.of(400, 409, 413, 415, 422);

    private static RunningStack run;
    private static LocalStack stack;

    @BeforeAll
    static void startStack() {
        // shared with RegistrylessPipelineIT, which runs later and closes it
        run = NoRegistryStack.shared();
        stack = run.stack();
    }

    @Test
    void aThousandHostileRequestsAcrossEveryServiceChangeNothingAndNoneIsAServerError() throws Exception {
        Map<String, Integer> before = state();
        int recordsBefore = run.feed().all().size();
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String user : LocalTokens.USERS.keySet()) {
            tokens.put(user, stack.tokens().token(user));
        }

        List<Outcome> outcomes = new ArrayList<>();
        HostileRequests requests = new HostileRequests(SEED, LocalTokens.ISSUER, tokens);
        for (String service : LocalStack.SERVICES.keySet()) {
            outcomes.addAll(requests.attack(service, stack.url(service), 24));
        }
        SamplePush pushes = new SamplePush(stack.git(), stack.url("event-gateway"));
        String head = stack.git().head(LocalStack.APPLICATION);
        String push = new String(pushes.describe(head, head).body(), StandardCharsets.UTF_8);
        outcomes.addAll(new WebhookAttacks(SEED, stack.url("event-gateway"), LocalStack.WEBHOOK_SECRET)
                .attack(push, stack.git().repositoryUrl(LocalStack.APPLICATION), 300));

        System.out.println(report(outcomes));
        assertThat(outcomes).hasSizeGreaterThanOrEqualTo(1_000);
        assertThat(outcomes)
                .filteredOn(o -> o.status() < 0 || o.status() >= 500)
                .isEmpty();
        // a body over the gateway's limit may be cut off by its 413 before the client reads it: refused either way
        assertThat(outcomes)
                .filteredOn(o -> o.status() < 400 && o.status() != WebhookAttacks.CLOSED_WHILE_SENDING)
                .isEmpty();
        assertThat(outcomes)
                .filteredOn(o -> NEED_A_REASON.contains(o.status()) && o.body().isBlank())
                .isEmpty();
        // anything wrongly accepted would be published within seconds: watched for 3 s, not slept through
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(run.feed()
                                .all()
                                .subList(recordsBefore, run.feed().all().size()))
                        .isEmpty());
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void noSecretIsOnACommandLineSettingsAndTokensAreOwnerOnlyAndServicesListenOnLoopback() throws IOException {
        for (Map.Entry<String, ServiceProcess> service : stack.services().entrySet()) {
            String commandLine = Files.readString(
                            Path.of("/proc", service.getValue().pid() + "", "cmdline"))
                    .replace('\0', ' ');
            assertThat(commandLine)
                    .as(service.getKey())
                    .doesNotContain(LocalStack.WEBHOOK_SECRET)
                    .doesNotContain(TestPostgres.PASSWORD)
                    .contains("quarkus.config.locations");
            Path settings =
                    Path.of(URI.create(commandLine.replaceFirst(".*-Dquarkus\\.config\\.locations=(\\S+).*", "$1")));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(settings)))
                    .as(settings.toString())
                    .isEqualTo("rw-------");
        }
        for (String user : LocalTokens.USERS.keySet()) {
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(stack.tokens().file(user))))
                    .isEqualTo("rw-------");
        }
        Optional<InetAddress> external = externalAddress();
        for (String service : LocalStack.SERVICES.keySet()) {
            int port = URI.create(stack.url(service)).getPort();
            assertThat(LocalHttp.send(
                                    HttpClient.newHttpClient(),
                                    HttpRequest.newBuilder(URI.create(stack.url(service) + "/q/health/live"))
                                            .build())
                            .statusCode())
                    .isEqualTo(200);
            external.ifPresent(address -> assertThat(connects(address, port))
                    .as(service + " on " + address.getHostAddress())
                    .isFalse());
        }
    }

    /** What a wrongly accepted request would change: commits, builds, writes, runs, Freight, audit entries. */
    private static Map<String, Integer> state() throws IOException {
        Map<String, Integer> state = new TreeMap<>();
        state.put("application commits", stack.git().commitCount(LocalStack.APPLICATION, "main"));
        state.put("gitops commits", stack.git().commitCount(LocalStack.GITOPS, "main"));
        String token = stack.tokens().token("alice");
        state.put("builds", count("build-worker", "/builds", token));
        state.put("writes", count("gitops-writer", "/writes", token));
        state.put("analysis runs", count("analysis-service", "/analysis-runs", token));
        state.put("freight", count("promotion-service", "/pipelines/books/freight", token));
        state.put("promotion audit", count("promotion-service", "/audit", token));
        return state;
    }

    private static int count(String service, String path, String token) throws IOException {
        var response = LocalHttp.send(
                HttpClient.newHttpClient(),
                HttpRequest.newBuilder(URI.create(stack.url(service) + path))
                        .header("Authorization", "Bearer " + token)
                        .build());
        assertThat(response.statusCode()).as(service + path).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(response.body())
                .size();
    }

    private static String report(List<Outcome> outcomes) {
        Map<String, Map<Integer, Long>> byService = outcomes.stream()
                .collect(Collectors.groupingBy(
                        Outcome::service,
                        TreeMap::new,
                        Collectors.groupingBy(Outcome::status, TreeMap::new, Collectors.counting())));
        StringBuilder report = new StringBuilder("hostile requests (seed " + SEED + "): " + outcomes.size() + "\n");
        byService.forEach((service, statuses) -> report.append("  ")
                .append(service)
                .append(": ")
                .append(statuses)
                .append('\n'));
        outcomes.stream()
                .filter(o ->
                        (o.status() < 400 && o.status() != WebhookAttacks.CLOSED_WHILE_SENDING) || o.status() >= 500)
                .limit(20)
                .forEach(o -> report.append("  NOT REFUSED WELL: ").append(o).append('\n'));
        return report.toString();
    }

    private static Optional<InetAddress> externalAddress() throws IOException {
        try (Stream<NetworkInterface> interfaces = NetworkInterface.networkInterfaces()) {
            return interfaces
                    .filter(i -> {
                        try {
                            return i.isUp() && !i.isLoopback();
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(address -> address instanceof Inet4Address)
                    .findFirst();
        }
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
