package io.gitopsflow.spec.analysis.provider;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks Argo's {@code web} provider settings: {@code url}, {@code method} GET/POST/PUT, {@code headers},
 * {@code body} or {@code jsonBody}, {@code timeoutSeconds}, {@code jsonPath} (compiled), {@code insecure},
 * {@code authentication.oauth2}. analysis-service's {@code WebProvider} measures with them.
 */
public final class WebSettings implements ProviderCheck {

    static final Set<String> SETTINGS = Set.of(
            "url", "method", "headers", "body", "jsonBody", "timeoutSeconds", "jsonPath", "insecure", "authentication");
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT");

    @Override
    public String name() {
        return "web";
    }

    @Override
    public List<Problem> validate(Map<String, Object> config) {
        List<Problem> problems = new ArrayList<>();
        ProviderSettings.unsupported(config, SETTINGS, problems);
        ProviderSettings.requireText(config, "url", problems);
        ProviderSettings.checkUrl(config, "url", problems);
        ProviderSettings.checkSeconds(config, "timeoutSeconds", problems);
        ProviderSettings.checkHeaders(config, problems);
        ProviderSettings.checkAuthentication(config, false, problems);
        String method = ProviderSettings.text(config, "method", "GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            problems.add(new Problem("method", "must be GET, POST or PUT, not " + config.get("method")));
        }
        if (config.get("body") != null && config.get("jsonBody") != null) {
            problems.add(new Problem("jsonBody", "cannot be set together with body"));
        }
        if ((config.get("body") != null || config.get("jsonBody") != null) && "GET".equals(method)) {
            problems.add(new Problem("method", "a body needs POST or PUT"));
        }
        Object path = config.get("jsonPath");
        if (path != null && !path.toString().contains("{{")) {
            try {
                JsonPath.compile(jsonPath(path.toString()));
            } catch (InvalidPathException e) {
                problems.add(new Problem("jsonPath", "'" + path + "' is not a JSONPath: " + e.getMessage()));
            }
        }
        return problems;
    }

    /** Argo writes Kubernetes-style {@code {$.path}}; the library reads {@code $.path}. */
    public static String jsonPath(String argo) {
        String path = argo.trim();
        if (path.startsWith("{") && path.endsWith("}")) {
            path = path.substring(1, path.length() - 1).trim();
        }
        return path;
    }
}
