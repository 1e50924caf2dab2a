package io.gitopsflow.gateway.service;

import io.gitopsflow.events.CommitPushed.GitRepository;
import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A push's clone URL is where build-worker fetches the source it builds: it must lie on a host configured for the
 * provider the webhook came from, and name exactly the repository the push is about, never a local path or another
 * repository.
 */
@ApplicationScoped
public class CloneUrlPolicy {

    /** One allowed place: scheme, host (lower case), port (-1: any) and the path every repository lies under. */
    record AllowedHost(String scheme, String host, int port, String pathPrefix) {

        /** {@code host[:port][/path-prefix]} (https) or {@code http://host[:port][/path-prefix]}. */
        static AllowedHost parse(String provider, String entry) {
            String value = entry.strip();
            String scheme = "https";
            int separator = value.indexOf("://");
            if (separator >= 0) {
                scheme = value.substring(0, separator).toLowerCase(Locale.ROOT);
                value = value.substring(separator + 3);
            }
            try {
                URI parsed = new URI(scheme + "://" + value);
                if (!scheme.equals("https") && !scheme.equals("http")
                        || parsed.getHost() == null
                        || parsed.getRawUserInfo() != null
                        || parsed.getRawQuery() != null
                        || parsed.getRawFragment() != null) {
                    throw new URISyntaxException(entry, "not host[:port][/path] with https or http");
                }
                String path =
                        parsed.getRawPath() == null ? "" : parsed.getRawPath().replaceAll("/+$", "");
                return new AllowedHost(scheme, parsed.getHost().toLowerCase(Locale.ROOT), parsed.getPort(), path);
            } catch (URISyntaxException e) {
                throw new IllegalStateException("gitops-flow.gateway.providers." + provider + ".clone-hosts: entry "
                        + InvalidNameException.quote(entry)
                        + " is not host[:port][/path] or http://host[:port][/path]");
            }
        }

        String describe() {
            return scheme + "://" + host + (port < 0 ? "" : ":" + port) + pathPrefix;
        }

        boolean allows(URI url, String fullName) {
            String path = url.getRawPath();
            return scheme.equals(url.getScheme().toLowerCase(Locale.ROOT))
                    && host.equals(url.getHost().toLowerCase(Locale.ROOT))
                    && (port < 0 || port == url.getPort())
                    && (path.equals(pathPrefix + "/" + fullName) || path.equals(pathPrefix + "/" + fullName + ".git"));
        }
    }

    private final Map<String, List<AllowedHost>> allowed;

    @Inject
    public CloneUrlPolicy(GatewayConfig config) {
        this(config.providers().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(
                        Map.Entry::getKey,
                        provider -> provider.getValue().cloneHosts().orElse(List.of()))));
    }

    /** The allowed entries per provider path segment, as configured. */
    CloneUrlPolicy(Map<String, List<String>> cloneHosts) {
        this.allowed = cloneHosts.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(
                        Map.Entry::getKey,
                        provider -> provider.getValue().stream()
                                .filter(entry -> !entry.isBlank())
                                .map(entry -> AllowedHost.parse(provider.getKey(), entry))
                                .toList()));
    }

    /**
     * Checks the repository's clone URL against the hosts configured for {@code provider}.
     *
     * @throws RejectedWebhookException 400 saying which rule the URL breaks; it quotes the URL only shortened
     */
    public void check(String provider, GitRepository repository) {
        String problem = problem(provider, repository.cloneUrl(), repository.fullName());
        if (problem != null) {
            throw new RejectedWebhookException(
                    400, "clone URL " + InvalidNameException.quote(repository.cloneUrl()) + " " + problem);
        }
    }

    private String problem(String provider, String cloneUrl, String fullName) {
        List<AllowedHost> hosts = allowed.getOrDefault(provider, List.of());
        if (hosts.isEmpty()) {
            return "cannot be trusted: no clone host is configured for " + provider + " (set gitops-flow.gateway"
                    + ".providers." + provider + ".clone-hosts)";
        }
        URI url;
        try {
            url = new URI(cloneUrl);
        } catch (URISyntaxException e) {
            return "is not a URL";
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return "must be an https URL (local paths, file: and other schemes are never cloned)";
        }
        if (url.getHost() == null || url.getRawUserInfo() != null) {
            return "must name a host and carry no credentials";
        }
        if (url.getRawQuery() != null
                || url.getRawFragment() != null
                || url.getRawPath().contains("%")) {
            return "must have no query, fragment or escaped characters";
        }
        if (hosts.stream().noneMatch(host -> host.allows(url, fullName))) {
            return "must be the repository " + fullName + " (optionally with .git) on a host configured for " + provider
                    + " " + hosts.stream().map(AllowedHost::describe).toList();
        }
        return null;
    }
}
