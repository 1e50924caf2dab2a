package io.gitopsflow.cli.auth;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gitopsflow.cli.CliException;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the CLI makes of a provider's answers that Keycloak does not give: other issuers, errors, what is not JSON. */
class OidcClientTest {

    private static final String DISCOVERY = "/realms/x/.well-known/openid-configuration";

    private static WireMockServer provider;

    private final OidcClient client = new OidcClient();

    @BeforeAll
    static void startProvider() {
        provider = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        provider.start();
    }

    @AfterAll
    static void stopProvider() {
        provider.stop();
    }

    @BeforeEach
    void forgetStubs() {
        provider.resetAll();
    }

    @Test
    void anIssuerWrittenWithATrailingSlashIsTheIssuerAndItsEndpointsAreRead() {
        provider.stubFor(get(DISCOVERY).willReturn(okJson(discovery(issuer() + "/", true))));

        ProviderEndpoints endpoints = client.discover(URI.create(issuer()));

        assertThat(endpoints.issuer()).isEqualTo(URI.create(issuer() + "/"));
        assertThat(endpoints.token()).isEqualTo(URI.create(issuer() + "/token"));
        assertThat(endpoints.deviceAuthorization()).isEqualTo(URI.create(issuer() + "/device"));
    }

    @Test
    void aDiscoveryDocumentOfAnotherIssuerIsRefused() {
        provider.stubFor(get(DISCOVERY).willReturn(okJson(discovery("https://elsewhere.example.com", true))));

        assertThatThrownBy(() -> client.discover(URI.create(issuer())))
                .isInstanceOf(CliException.class)
                .hasMessage("the provider at " + issuer() + " names itself https://elsewhere.example.com: pass that as"
                        + " --issuer (its tokens carry it)");
    }

    @Test
    void anIssuerWithoutADiscoveryDocumentIsNoProvider() {
        assertThatThrownBy(() -> client.discover(URI.create(issuer())))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("no OpenID Connect provider at " + issuer() + ": " + issuer()
                        + "/.well-known/openid-configuration answered 404");
    }

    @Test
    void aProviderWithoutTheDeviceGrantIsSaidSo() {
        provider.stubFor(get(DISCOVERY).willReturn(okJson(discovery(issuer(), false))));
        ProviderEndpoints endpoints = client.discover(URI.create(issuer()));

        assertThatThrownBy(() -> client.authorizeDevice(endpoints, "gitops-flow-cli", "openid"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("does not offer the device authorization grant");
    }

    @Test
    void aDeviceCodeRefusedForTheClientSaysWhichClientAndWhy() {
        provider.stubFor(post("/realms/x/device")
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"unauthorized_client\",\"error_description\":\"Client not allowed\"}")));

        assertThatThrownBy(() -> client.authorizeDevice(endpoints(), "gitops-flow-cli", "openid"))
                .isInstanceOf(CliException.class)
                .hasMessage("the provider at " + issuer() + " refused a device code for client 'gitops-flow-cli':"
                        + " unauthorized_client (Client not allowed)");
    }

    @Test
    void theTokenEndpointsOAuthErrorIsAnAnswerNotAFailure() {
        provider.stubFor(post("/realms/x/token")
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json;charset=UTF-8")
                        .withBody("{\"error\":\"slow_down\"}")));

        TokenAnswer answer = client.deviceToken(endpoints(), "gitops-flow-cli", "the-device-code");

        assertThat(answer.granted()).isFalse();
        assertThat(answer.error()).isEqualTo("slow_down");
        provider.verify(postRequestedFor(urlEqualTo("/realms/x/token"))
                .withRequestBody(containing("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code"))
                .withRequestBody(containing("device_code=the-device-code"))
                .withRequestBody(containing("client_id=gitops-flow-cli")));
    }

    @Test
    void anAnswerThatIsNotJsonNamesTheProviderButNotWhatItSaid() {
        provider.stubFor(post("/realms/x/token").willReturn(okJson("access_token=secret-value&expires_in=300")));

        assertThatThrownBy(() -> client.refresh(endpoints(), "gitops-flow-cli", "secret-refresh"))
                .isInstanceOf(CliException.class)
                .hasMessage("the provider at " + issuer() + " answered what is not the OAuth JSON expected");
    }

    @Test
    void aServerErrorOfTheTokenEndpointIsTheProvidersFault() {
        provider.stubFor(
                post("/realms/x/token").willReturn(aResponse().withStatus(503).withBody("<html>down</html>")));

        assertThatThrownBy(() -> client.refresh(endpoints(), "gitops-flow-cli", "secret-refresh"))
                .isInstanceOf(CliException.class)
                .hasMessage("the provider at " + issuer() + " answered 503 to " + issuer() + "/token");
    }

    @Test
    void theRefreshGrantSendsTheRefreshTokenAndTheClientIdAndReadsTheNewTokens() {
        provider.stubFor(post("/realms/x/token")
                .willReturn(okJson("{\"access_token\":\"new.access.token\",\"refresh_token\":\"new-refresh\","
                        + "\"expires_in\":300,\"token_type\":\"Bearer\",\"scope\":\"openid\"}")));

        TokenAnswer answer = client.refresh(endpoints(), "gitops-flow-cli", "old-refresh");

        assertThat(answer.granted()).isTrue();
        assertThat(answer.accessToken()).isEqualTo("new.access.token");
        assertThat(answer.refreshToken()).isEqualTo("new-refresh");
        assertThat(answer.expiresIn()).isEqualTo(300L);
        assertThat(answer.toString()).doesNotContain("new.access.token", "new-refresh");
        provider.verify(postRequestedFor(urlEqualTo("/realms/x/token"))
                .withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("refresh_token=old-refresh"))
                .withRequestBody(containing("client_id=gitops-flow-cli")));
    }

    private static String issuer() {
        return provider.baseUrl() + "/realms/x";
    }

    private static ProviderEndpoints endpoints() {
        return new ProviderEndpoints(
                URI.create(issuer()), URI.create(issuer() + "/device"), URI.create(issuer() + "/token"));
    }

    private static String discovery(String issuer, boolean deviceGrant) {
        String base = issuer().replaceAll("/+$", "");
        return "{\"issuer\":\"" + issuer + "\",\"token_endpoint\":\"" + base + "/token\""
                + (deviceGrant ? ",\"device_authorization_endpoint\":\"" + base + "/device\"" : "") + "}";
    }
}
