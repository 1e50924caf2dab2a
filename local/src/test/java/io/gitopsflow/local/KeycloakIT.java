package io.gitopsflow.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsflow.testkit.KeycloakServer;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tests' OIDC provider is a real Keycloak: started from its Maven Central distribution with the gitops-flow realm,
 * it signs tokens whose {@code groups} carry the local users' approver roles, and promotion-service's token check
 * (smallrye-jwt pointed at the realm's JWKS and issuer) accepts them.
 */
class KeycloakIT {

    private static KeycloakServer keycloak;

    @BeforeAll
    static void startKeycloak() {
        assumeTrue(KeycloakServer.available(), KeycloakServer.unavailableReason());
        keycloak = KeycloakServer.shared();
    }

    @Test
    void alicesAccessTokenCarriesHerGroupsAndTheRealmAsIssuer() {
        JsonNode claims = payload(keycloak.accessToken("alice"));

        assertThat(claims.path("iss").asText()).isEqualTo(keycloak.issuer());
        assertThat(claims.path("preferred_username").asText()).isEqualTo("alice");
        assertThat(groups(claims)).containsExactlyInAnyOrder("staging-approver", "promoter");
    }

    @Test
    void theIdTokenCarriesTheGroupsToo() {
        HttpResponse<String> response = keycloak.passwordGrant("carol", keycloak.password("carol"));

        JsonNode idToken =
                payload(KeycloakServer.json(response.body()).path("id_token").asText());
        assertThat(groups(idToken)).containsExactly("prod-approver");
    }

    @Test
    void theViewersAccessTokenCarriesNoApproverGroup() {
        JsonNode claims = payload(keycloak.accessToken("viewer"));

        assertThat(groups(claims)).doesNotContain("staging-approver", "prod-approver", "promoter");
    }

    @Test
    void aWrongPasswordIsRefused() {
        HttpResponse<String> response = keycloak.passwordGrant("alice", "not-" + keycloak.password("alice"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).contains("invalid_grant").doesNotContain("access_token");
    }

    @Test
    void theCliGetsADeviceCodeFromTheDeviceAuthorizationEndpoint() {
        HttpResponse<String> response =
                keycloak.post(keycloak.deviceAuthorizationEndpoint(), Map.of("client_id", keycloak.cliClientId()));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = KeycloakServer.json(response.body());
        assertThat(answer.path("device_code").asText()).isNotBlank();
        assertThat(answer.path("user_code").asText()).isNotBlank();
        assertThat(answer.path("verification_uri").asText()).startsWith(keycloak.issuer());
    }

    @Test
    void promotionServicesTokenCheckAcceptsAKeycloakTokenByTheRealmsJwks() throws ParseException {
        JWTAuthContextInfo settings = new JWTAuthContextInfo(keycloak.jwksUrl(), keycloak.issuer());

        JsonWebToken token = new DefaultJWTParser(settings).parse(keycloak.accessToken("bob"));

        assertThat(token.getIssuer()).isEqualTo(keycloak.issuer());
        assertThat(token.getGroups()).containsExactlyInAnyOrder("prod-approver", "promoter");
    }

    @Test
    void promotionServicesTokenCheckRefusesATokenOfAnotherIssuer() {
        JWTAuthContextInfo settings = new JWTAuthContextInfo(keycloak.jwksUrl(), "https://gitops-flow.local");

        String token = keycloak.accessToken("carol");

        assertThatThrownBy(() -> new DefaultJWTParser(settings).parse(token)).isInstanceOf(ParseException.class);
    }

    private static JsonNode payload(String jwt) {
        String[] parts = jwt.split("\\.");
        return KeycloakServer.json(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    private static List<String> groups(JsonNode claims) {
        List<String> groups = new ArrayList<>();
        claims.path("groups").forEach(group -> groups.add(group.asText()));
        return groups;
    }
}
