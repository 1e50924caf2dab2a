package io.gitopsflow.console.web;

/**
 * What every page's frame shows: who is signed in, the CSRF token their forms carry, and whether the local users'
 * password-less sign-in is on (a banner then says so on every page).
 *
 * @param user the signed-in user
 * @param csrf the token of their forms ({@link FormTokens})
 * @param localUsers whether local users sign in without a password
 */
public record Page(WebUser user, String csrf, boolean localUsers) {}
