package io.gitopsflow.testkit;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PreUploadHook;
import org.eclipse.jgit.transport.ServiceMayNotContinueException;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.transport.WantNotValidException;

/** What the test Git server checks before JGit serves a request: delays, the shallow-fetch policy, the token. */
final class GitServerPolicies {

    private GitServerPolicies() {}

    /** Refuses wants of commits no ref points at (JGit's ADVERTISED policy still allows reachable ones over HTTP). */
    static void checkWantsAreTips(UploadPack up, List<ObjectId> wants) throws IOException {
        Set<ObjectId> tips = new HashSet<>();
        for (Ref ref : up.getRepository().getRefDatabase().getRefs()) {
            Ref peeled = up.getRepository().getRefDatabase().peel(ref);
            tips.add(peeled.getObjectId());
            if (peeled.getPeeledObjectId() != null) {
                tips.add(peeled.getPeeledObjectId());
            }
        }
        for (ObjectId want : wants) {
            if (!tips.contains(want)) {
                throw new WantNotValidException(want);
            }
        }
    }

    /** Holds requests for the repositories given to {@link #delay}. */
    static final class DelayFilter implements Filter {

        private final Map<String, Duration> delays;

        DelayFilter(Map<String, Duration> delays) {
            this.delays = delays;
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            String path = ((HttpServletRequest) req).getRequestURI();
            for (Map.Entry<String, Duration> delay : delays.entrySet()) {
                if (path.startsWith("/git/" + delay.getKey() + ".git/")) {
                    try {
                        Thread.sleep(delay.getValue().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            chain.doFilter(req, res);
        }
    }

    /** Refuses shallow requests for the repositories given to {@link #refuseShallow}, through JGit's own hook. */
    static final class ShallowPolicy implements PreUploadHook {

        private final Predicate<Repository> refusing;

        ShallowPolicy(Predicate<Repository> refusing) {
            this.refusing = refusing;
        }

        @Override
        public void onBeginNegotiateRound(UploadPack up, Collection<? extends ObjectId> wants, int cntOffered)
                throws ServiceMayNotContinueException {
            check(up);
        }

        @Override
        public void onEndNegotiateRound(
                UploadPack up, Collection<? extends ObjectId> wants, int cntCommon, int cntNotFound, boolean ready)
                throws ServiceMayNotContinueException {
            check(up);
        }

        @Override
        public void onSendPack(
                UploadPack up, Collection<? extends ObjectId> wants, Collection<? extends ObjectId> haves)
                throws ServiceMayNotContinueException {
            check(up);
        }

        private void check(UploadPack up) throws ServiceMayNotContinueException {
            if (up.getDepth() > 0 && refusing.test(up.getRepository())) {
                // 400, not JGit's default 403, which Git clients holding credentials take for an authentication failure
                throw new ServiceMayNotContinueException(
                        "shallow fetches are not allowed on this server", HttpServletResponse.SC_BAD_REQUEST);
            }
        }
    }

    /** Checks the token in constant time; asks for Basic credentials so Git clients retry with them. */
    static final class TokenFilter implements Filter {

        private final String token;

        TokenFilter(String token) {
            this.token = token;
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            if (presentedTokenMatches(request.getHeader("Authorization"))) {
                chain.doFilter(req, res);
                return;
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"gitops-flow test git\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
        }

        private boolean presentedTokenMatches(String authorization) {
            if (authorization == null) {
                return false;
            }
            String presented = null;
            if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                presented = authorization.substring(7).trim();
            } else if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                try {
                    String pair = new String(
                            Base64.getDecoder()
                                    .decode(authorization.substring(6).trim()),
                            StandardCharsets.UTF_8);
                    int colon = pair.indexOf(':');
                    presented = colon < 0 ? null : pair.substring(colon + 1);
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
            return presented != null
                    && MessageDigest.isEqual(
                            presented.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
        }
    }
}
