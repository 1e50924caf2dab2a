package io.gitopsflow.writer.pullrequest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Every {@link PullRequestHost} bean, by name: a new host class is found here without any other change. */
@ApplicationScoped
public class PullRequestHosts {

    private final Map<String, PullRequestHost> byName = new TreeMap<>();

    @Inject
    public PullRequestHosts(@Any Instance<PullRequestHost> hosts) {
        this(hosts.stream().toList());
    }

    /** The given hosts, for code that runs without CDI. */
    public PullRequestHosts(Collection<? extends PullRequestHost> hosts) {
        for (PullRequestHost host : hosts) {
            PullRequestHost before = byName.put(host.name(), host);
            if (before != null) {
                throw new IllegalStateException("two pull request hosts are named " + host.name() + ": "
                        + before.getClass().getName() + " and "
                        + host.getClass().getName());
            }
        }
    }

    /** The host named {@code name} (any case), or {@link IllegalArgumentException} naming the known ones. */
    public PullRequestHost get(String name) {
        PullRequestHost host = byName.get(name.toLowerCase(Locale.ROOT));
        if (host == null) {
            throw new IllegalArgumentException(
                    "gitops-flow.writer.pull-requests.provider must be one of " + byName.keySet() + ", not " + name);
        }
        return host;
    }

    /** The known hosts' names. */
    public Set<String> names() {
        return Set.copyOf(byName.keySet());
    }
}
