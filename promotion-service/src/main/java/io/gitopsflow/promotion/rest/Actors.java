package io.gitopsflow.promotion.rest;

import io.gitopsflow.promotion.service.Actor;
import io.gitopsflow.promotion.service.PromotionException;
import io.quarkus.security.identity.SecurityIdentity;
import java.util.regex.Pattern;

/** The authenticated caller as the services see them; their name is recorded, so it is checked like any name. */
final class Actors {

    /** As long as the audit trail, approvals and promotions keep it. */
    static final int MAX_NAME = 200;

    private static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cntrl}]+");

    private Actors() {}

    static Actor of(SecurityIdentity identity) {
        String name = identity.getPrincipal().getName();
        if (name == null || name.length() > MAX_NAME || !PRINTABLE.matcher(name).matches()) {
            throw PromotionException.badRequest("the token's user name must be 1 to " + MAX_NAME
                    + " printable characters to be recorded (was " + (name == null ? 0 : name.length()) + ")");
        }
        return new Actor(name, identity.getRoles());
    }
}
