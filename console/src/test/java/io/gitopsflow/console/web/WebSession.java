package io.gitopsflow.console.web;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A signed-in browser session for page tests, as the local users sign in: the session cookie from the sign-in form,
 * and the CSRF token of the user's forms read from a page.
 *
 * @param user the local user
 * @param cookie the session cookie's value
 */
public record WebSession(String user, String cookie) {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    /** Signs {@code user} in with the local users' form. */
    public static WebSession signIn(String user) {
        Response answer =
                given().redirects().follow(false).formParam("user", user).post("/ui/sign-in");
        if (answer.statusCode() != 303) {
            throw new AssertionError(
                    "sign-in of " + user + " answered " + answer.statusCode() + ": " + answer.asString());
        }
        return new WebSession(user, answer.cookie("gitops-flow-user"));
    }

    /** A request with the session's cookie. */
    public RequestSpecification request() {
        return given().redirects().follow(false).cookie("gitops-flow-user", cookie);
    }

    /** The HTML of a page, which must answer 200. */
    public String page(String path) {
        return request().get(path).then().statusCode(200).extract().asString();
    }

    /** The CSRF token of the user's forms, read from the pipelines page. */
    public String csrf() {
        Matcher matcher = CSRF.matcher(page("/ui/pipelines"));
        if (!matcher.find()) {
            throw new AssertionError("the pipelines page has no form token");
        }
        return matcher.group(1);
    }
}
