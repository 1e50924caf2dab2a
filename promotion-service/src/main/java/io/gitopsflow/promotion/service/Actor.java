package io.gitopsflow.promotion.service;

import java.util.Set;

/**
 * Who does something: an authenticated user with their roles, or the service itself.
 *
 * @param name the user name (the token's {@code upn} or {@code sub}), or {@code promotion-service}
 * @param roles the roles the user holds
 */
public record Actor(String name, Set<String> roles) {

    public static final Actor SERVICE = new Actor("promotion-service", Set.of());

    public Actor {
        roles = Set.copyOf(roles);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }
}
