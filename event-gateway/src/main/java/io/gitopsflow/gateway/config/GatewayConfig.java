package io.gitopsflow.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** event-gateway's configuration: secrets, Sensor rules, timeouts. Secrets come from Kubernetes Secrets via env. */
@ConfigMapping(prefix = "gitops-flow.gateway")
public interface GatewayConfig {

    /** How long to wait for Kafka's acknowledgement before answering 503, so the provider retries. */
    @WithDefault("5s")
    Duration publishTimeout();

    /** How long delivery ids are remembered to drop redeliveries. */
    @WithDefault("7d")
    Duration deliveryRetention();

    /** A claimed delivery whose publication never finished (the instance died) may be taken over after this. */
    @WithDefault("30s")
    Duration staleClaim();

    /** How often deliveries past the retention are forgotten (the scheduler reads it; declared so it can be set). */
    @WithDefault("1h")
    Duration cleanupEvery();

    /** Secrets and tokens; never logged. */
    Secrets secrets();

    /** Limits of every JSON body read, so a hostile body is refused before it costs memory or stack. */
    JsonLimits json();

    /** Per Git provider ({@code github}, {@code gitea}, {@code gitlab}): where its pushes may be cloned from. */
    Map<String, Provider> providers();

    /** Sensor rules by name. */
    Map<String, Sensor> sensors();

    /** Where a Docker Hub push's tag is looked up to learn its digest. */
    DockerHub dockerHub();

    /** Docker Hub's registry, read to learn the digest a pushed tag points at (its webhook names none). */
    interface DockerHub {

        /** The registry's host; Docker Hub's own unless a mirror is set. */
        @WithDefault("registry-1.docker.io")
        String registry();

        /** Allow plain HTTP and unverified TLS (a local mirror only). */
        @WithDefault("false")
        boolean insecure();

        /** The account that may read private repositories (with {@link #accessToken()}); anonymous otherwise. */
        Optional<String> username();

        /** A Docker Hub access token with read access; never logged. */
        Optional<String> accessToken();
    }

    /** Webhook secrets per repository, with a default, and the bearer tokens of the registry and events endpoints. */
    interface Secrets {

        /** The secret of repositories that have none of their own. */
        @WithName("default")
        Optional<String> defaultSecret();

        /** Secret per repository full name, e.g. {@code "acme/books-api"}. */
        Map<String, String> repositories();

        /** Bearer token registries send with their notifications. */
        Optional<String> registryToken();

        /**
         * The secret in Docker Hub's webhook URL ({@code /webhooks/dockerhub/<secret>}): Docker Hub sends no header
         * and signs nothing, so the URL is the credential.
         */
        Optional<String> dockerHubToken();

        /** Bearer token of {@code POST /events}. */
        Optional<String> eventsToken();
    }

    /** Jackson's {@code StreamReadConstraints} for webhook bodies. */
    interface JsonLimits {

        /** Deepest nesting of objects and arrays; the providers' payloads nest about 5 deep. */
        @WithDefault("32")
        int maxNestingDepth();

        /** Longest string value, in characters (commit messages included). */
        @WithDefault("1000000")
        int maxStringLength();
    }

    /** What a provider's webhooks may name as the repository's clone URL. */
    interface Provider {

        /**
         * Hosts the clone URL may point to, each {@code host[:port][/path-prefix]} (https), or {@code http://host...}
         * to allow plain HTTP for that host; absent or empty: every push of this provider is refused.
         */
        Optional<List<String>> cloneHosts();

        /**
         * Repositories (full names) whose webhooks may arrive unsigned: Bitbucket signs only when the webhook has a
         * secret. Only read for {@code bitbucket} and {@code bitbucket-server}; absent: every delivery must be signed.
         */
        Optional<List<String>> unsignedRepositories();
    }

    /** Which pushes of which repositories trigger, as an Argo Events Sensor's filters. */
    interface Sensor {

        /** Repository full names or globs ({@code acme/*}); the most specific matching sensor applies. */
        List<String> repositories();

        /** Branch globs that trigger; absent: every branch. */
        Optional<List<String>> branches();

        /** Tag globs that trigger; absent: every tag. */
        Optional<List<String>> tags();

        /** Only pushes that change a file matching one of these globs trigger; absent: any file. */
        Optional<List<String>> includePaths();

        /** Files matching these globs do not count as changes. */
        Optional<List<String>> excludePaths();

        /** Skip pushes whose head commit message carries {@code [skip ci]} or {@code [ci skip]}. */
        @WithDefault("true")
        boolean skipCi();
    }
}
