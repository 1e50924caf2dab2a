package io.gitopsflow.promotion.rest;

import io.gitopsflow.promotion.service.Actor;
import io.quarkus.security.identity.SecurityIdentity;

/** The authenticated caller as the services see them. */
final class Actors {

    private Actors() {}

    static Actor of(SecurityIdentity identity) {
        return new Actor(identity.getPrincipal().getName(), identity.getRoles());
    }
}
