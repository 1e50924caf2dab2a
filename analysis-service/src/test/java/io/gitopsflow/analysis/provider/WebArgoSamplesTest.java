package io.gitopsflow.analysis.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.gitopsflow.analysis.assessment.Assessment;
import io.gitopsflow.events.AnalysisCompleted.Phase;
import io.gitopsflow.spec.analysis.condition.ConditionEvaluator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The web provider on the samples of argo-rollouts' docs/analysis/web.md (src/test/resources/expr-samples/web): a
 * real HTTPS server with a self-signed certificate (refused without {@code insecure}, measured with it), an OAuth2
 * client-credentials token endpoint (a JDK HTTP server standing in for the SaaS token endpoint: the testkit has no
 * OIDC provider), a plain-text body and a wildcard jsonPath.
 */
class WebArgoSamplesTest {

    private static final ConditionEvaluator CONDITIONS = new ConditionEvaluator();
    private static HttpsServer https;
    private static HttpServer http;
    private static final AtomicInteger tokensIssued = new AtomicInteger();
    private static final AtomicReference<String> tokenForm = new AtomicReference<>();
    private final WebProvider web = new WebProvider();

    @BeforeAll
    static void start() throws Exception {
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(selfSigned()));
        https.createContext(
                "/api/v1/measurement",
                exchange -> answer(exchange, 200, "{\"data\":{\"ok\":true," + "\"successPercent\":0.95}}"));
        https.start();
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/token", WebArgoSamplesTest::token);
        http.createContext("/api/v1/measurement", exchange -> {
            boolean bearer = "Bearer tok-1".equals(exchange.getRequestHeaders().getFirst("Authorization"));
            answer(exchange, bearer ? 200 : 401, bearer ? "{\"data\":{\"ok\":true}}" : "unauthorized");
        });
        http.createContext("/health", exchange -> answer(exchange, 200, "I am OK"));
        http.createContext("/list", exchange -> answer(exchange, 200, "{\"data\":[{\"ok\":true},{\"ok\":false}]}"));
        http.start();
    }

    @AfterAll
    static void stop() {
        https.stop(0);
        http.stop(0);
    }

    private static void token(HttpExchange exchange) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString("my-client-id:s3cr3t".getBytes());
        tokenForm.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        tokensIssued.incrementAndGet();
        answer(exchange, 200, "{\"access_token\":\"tok-1\",\"token_type\":\"bearer\",\"expires_in\":300}");
    }

    @Test
    void insecureSkipsTheCheckOfASelfSignedCertificate() {
        Map<String, Object> metric = sample("insecure.yaml");
        Map<String, Object> config = web(metric);
        config.put("url", "https://127.0.0.1:" + https.getAddress().getPort() + "/api/v1/measurement?service=demo");
        assertThat(verdict(metric, config).phase()).isEqualTo(Phase.SUCCESSFUL);
        config.remove("insecure");
        assertThat(outcome(config)).asString().contains("TLS failed").contains("insecure: true");
    }

    @Test
    void oauth2GetsAClientCredentialsTokenOnceAndSendsItAsBearer() {
        Map<String, Object> metric = sample("oauth2.yaml");
        Map<String, Object> config = web(metric);
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        config.put("url", base + "/api/v1/measurement?service=demo");
        @SuppressWarnings("unchecked")
        Map<String, Object> oauth2 =
                (Map<String, Object>) ((Map<String, Object>) config.get("authentication")).get("oauth2");
        oauth2.put("tokenUrl", base + "/token");
        oauth2.put("clientSecret", "s3cr3t");
        assertThat(web.validate(config)).isEmpty();
        assertThat(verdict(metric, config).phase()).isEqualTo(Phase.SUCCESSFUL);
        assertThat(verdict(metric, config).phase()).isEqualTo(Phase.SUCCESSFUL);
        assertThat(tokensIssued.get()).isEqualTo(1);
        assertThat(tokenForm.get()).isEqualTo("grant_type=client_credentials&scope=my-oauth2-scope");
        oauth2.put("clientSecret", "wrong-secret");
        assertThat(outcome(config))
                .asString()
                .contains("oauth2: cannot fetch token: 401")
                .doesNotContain("wrong-secret");
    }

    @Test
    void aPlainTextBodyIsTheResultAndAWildcardPathTakesTheFirstMatch() {
        Map<String, Object> plain = sample("plain-text.yaml");
        Map<String, Object> config = web(plain);
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        config.put("url", base + "/health");
        assertThat(verdict(plain, config).phase()).isEqualTo(Phase.SUCCESSFUL);
        config.put("jsonPath", "{$.data.ok}"); // Argo ignores jsonPath on a body that is not JSON
        assertThat(verdict(plain, config).phase()).isEqualTo(Phase.SUCCESSFUL);
        Map<String, Object> first = sample("json-path-first.yaml");
        Map<String, Object> list = web(first);
        list.put("url", base + "/list");
        list.remove("headers");
        assertThat(outcome(list)).isEqualTo(true);
        assertThat(verdict(first, list).phase()).isEqualTo(Phase.SUCCESSFUL);
    }

    @Test
    void sigv4AndBasicAuthAreRefusedWithAReason() {
        Map<String, Object> config = new java.util.HashMap<>(Map.of("url", "http://x.example/m"));
        config.put("authentication", Map.of("sigv4", Map.of("region", "us-east-1"), "basicAuth", Map.of()));
        assertThat(web.validate(config))
                .extracting(MetricProvider.Problem::message)
                .anySatisfy(m -> assertThat(m).contains("AWS SigV4 signing is not supported"))
                .anySatisfy(m -> assertThat(m).contains("ignored by Argo's web provider"));
    }

    private Object outcome(Map<String, Object> config) {
        return web.measure(config)
                .onFailure()
                .recoverWithItem(Throwable::getMessage)
                .await()
                .atMost(Duration.ofSeconds(15));
    }

    private Assessment.Verdict verdict(Map<String, Object> metric, Map<String, Object> config) {
        Object result = web.measure(config).await().atMost(Duration.ofSeconds(15));
        io.gitopsflow.spec.analysis.MetricSpec spec = new io.gitopsflow.spec.analysis.TemplateParser(
                        Map.of("web", web), CONDITIONS)
                .parse(
                        "sample",
                        "apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata: {name: s}\n"
                                + "spec:\n  metrics:\n  - name: m\n    successCondition: '"
                                + metric.get("successCondition").toString().replace("'", "''")
                                + "'\n    provider: {web: {url: 'http://x.example/'}}\n")
                .get(0)
                .metrics()
                .get(0);
        return new Assessment(CONDITIONS).measurement(spec, result);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> web(Map<String, Object> metric) {
        return (Map<String, Object>) ((Map<String, Object>) metric.get("provider")).get("web");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sample(String name) {
        try (InputStream in = WebArgoSamplesTest.class.getResourceAsStream("/expr-samples/web/" + name)) {
            Object loaded = new Load(LoadSettings.builder().build()).loadFromInputStream(in);
            return (Map<String, Object>) ((List<Object>) loaded).get(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext selfSigned() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "tls");
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-dname",
                        "CN=my-server.com",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        keytool.getInputStream().readAllBytes();
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed");
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
