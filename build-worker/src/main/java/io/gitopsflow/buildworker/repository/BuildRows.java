package io.gitopsflow.buildworker.repository;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The values a build row keeps of a push: the clone URL without credentials, the delivery id within its column. */
public final class BuildRows {

    /** Delivery ids up to this long are kept as they are; longer ones by their hash (the column holds 400). */
    private static final int DELIVERY_ID_MAX = 200;

    private BuildRows() {}

    /** The clone URL without user information: a token written into it is not shown nor published. */
    public static String withoutCredentials(String cloneUrl) {
        try {
            URI uri = new URI(cloneUrl);
            if (uri.getRawUserInfo() == null) {
                return cloneUrl;
            }
            return new URI(
                            uri.getScheme(),
                            null,
                            uri.getHost(),
                            uri.getPort(),
                            uri.getPath(),
                            uri.getQuery(),
                            uri.getFragment())
                    .toString();
        } catch (URISyntaxException | NullPointerException e) {
            // not a URL (an scp-like address): whatever precedes an '@' may be a credential
            int at = cloneUrl == null ? -1 : cloneUrl.lastIndexOf('@');
            return at < 0 ? cloneUrl : cloneUrl.substring(at + 1);
        }
    }

    /** The provider's delivery id as stored: itself, or its SHA-256 when it is longer than a column should hold. */
    public static String deliveryKey(String deliveryId) {
        if (deliveryId.length() <= DELIVERY_ID_MAX) {
            return deliveryId;
        }
        try {
            return "sha256-"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256")
                                    .digest(deliveryId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
