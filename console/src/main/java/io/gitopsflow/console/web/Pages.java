package io.gitopsflow.console.web;

import io.gitopsflow.console.config.UiConfig;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/** Builds the frame of a page for the request's user; every page resource starts here. */
@ApplicationScoped
public class Pages {

    private final FormTokens forms;
    private final boolean localUsers;

    public Pages(FormTokens forms, UiConfig config) {
        this.forms = forms;
        this.localUsers = LocalUsersMechanism.on(config);
    }

    /** The frame for {@code identity}. */
    public Page page(SecurityIdentity identity) {
        return new Page(WebUser.of(identity), forms.issue(identity), localUsers);
    }

    /** Whether local users sign in without a password. */
    public boolean localUsers() {
        return localUsers;
    }
}
