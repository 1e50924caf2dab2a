package io.gitopsflow.console.web;

import io.gitopsflow.console.config.UiConfig;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ForbiddenException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * CSRF tokens of the web console's forms (the HMAC-based token pattern): a form carries a token that only the server
 * can compute, from its secret, the user and their sign-in session, so a page of another site cannot forge a form
 * the console accepts. Checked by every action before anything is forwarded; {@link SameOrigin} refuses cross-site
 * requests first. (Quarkus's CSRF extension is not published for this Quarkus version.)
 */
@ApplicationScoped
public class FormTokens {

    /** The form field the token travels in. */
    public static final String FIELD = "csrf";

    private final SecretKeySpec key;

    public FormTokens(UiConfig config) {
        byte[] secret;
        if (config.formSecret().isPresent()) {
            secret = config.formSecret().get().getBytes(StandardCharsets.UTF_8);
        } else {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            Log.info("no gitops-flow.console.ui.form-secret: form tokens are signed with a key of this process only");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The token the user's forms carry. */
    public String issue(SecurityIdentity identity) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal(session(identity).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no HmacSHA256", e);
        }
    }

    /** Refuses (403) a form whose token is missing or is not the user's. */
    public void require(SecurityIdentity identity, String token) {
        byte[] expected = issue(identity).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token == null ? new byte[0] : token.getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            throw new ForbiddenException("the form's CSRF token is missing or not this session's: reload the page");
        }
    }

    // the user and what identifies their sign-in: the provider's session id, else when they authenticated
    private static String session(SecurityIdentity identity) {
        String name = identity.getPrincipal().getName();
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            for (String claim : new String[] {"sid", "auth_time", "iat"}) {
                Object value = jwt.getClaim(claim);
                if (value != null) {
                    return name + "\n" + claim + "=" + value;
                }
            }
        }
        return name;
    }
}
