package io.gitopsflow.spec.pipeline;

import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.events.ImageRef;
import io.gitopsflow.events.git.RepositoryUrls;
import io.gitopsflow.spec.analysis.condition.ConditionException;
import io.gitopsflow.spec.analysis.condition.CustomExpression;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A Warehouse's {@code freightCreationCriteria}: Kargo's expr-lang expression a new Freight's artifacts must satisfy,
 * e.g. {@code imageFrom('registry/acme/books-api').Tag == chartFrom('registry/acme/charts/books-api').Version}, so a
 * Freight is made only when the image and the chart of one release are both there. Its functions are Kargo's:
 * {@code imageFrom(repo)} gives {@code RepoURL}, {@code Tag}, {@code Digest}; {@code chartFrom(repo)} (with or without
 * {@code oci://}) gives {@code RepoURL}, {@code Name}, {@code Version}; {@code commitFrom(repoURL)} gives {@code
 * RepoURL}, {@code ID}, {@code Branch}, {@code Message}.
 */
public final class FreightCriteria {

    private static final Map<String, CustomExpression.Function> SIGNATURES = Map.of(
            "imageFrom", signature(),
            "chartFrom", signature(),
            "commitFrom", signature());

    private final CustomExpression expression;

    private FreightCriteria(CustomExpression expression) {
        this.expression = expression;
    }

    /** The criteria {@code expression}; an {@link IllegalArgumentException} says what is wrong and where. */
    public static FreightCriteria parse(String expression) {
        try {
            return new FreightCriteria(CustomExpression.parse(expression, SIGNATURES));
        } catch (ConditionException e) {
            throw new IllegalArgumentException("freightCreationCriteria does not parse: " + e.getMessage(), e);
        }
    }

    public String expression() {
        return expression.text();
    }

    /**
     * Whether a Freight of these artifacts may be made; an {@link IllegalArgumentException} when the expression cannot
     * be evaluated on them (it names an artifact the Freight lacks, or gives no boolean).
     */
    public boolean admits(List<ImageRef> images, List<ChartRef> charts, List<GitCommitRef> commits) {
        Map<String, CustomExpression.Function> functions = Map.of(
                "imageFrom", function("image", images, ImageRef::repository, FreightCriteria::image),
                "chartFrom", function("chart", charts, ChartRef::repository, FreightCriteria::chart),
                "commitFrom", function("commit of", commits, GitCommitRef::repositoryUrl, FreightCriteria::commit));
        try {
            return expression.test(functions);
        } catch (ConditionException e) {
            throw new IllegalArgumentException(
                    "freightCreationCriteria '" + expression.text() + "' cannot be evaluated: " + e.getMessage(), e);
        }
    }

    private static CustomExpression.Function signature() {
        return new CustomExpression.Function(1, 1, arguments -> null);
    }

    private static <T> CustomExpression.Function function(
            String what, List<T> artifacts, Function<T, String> repository, Function<T, Map<String, Object>> value) {
        return new CustomExpression.Function(1, 1, arguments -> {
            if (!(arguments.get(0) instanceof String name)) {
                throw new ConditionException(what + "From takes the repository as a string");
            }
            Optional<T> found = artifacts.stream()
                    .filter(a -> same(repository.apply(a), name))
                    .findFirst();
            return value.apply(
                    found.orElseThrow(() -> new ConditionException("the Freight has no " + what + " " + name)));
        });
    }

    /** An image or chart repository as named (a chart with or without {@code oci://}), or the same Git repository. */
    private static boolean same(String repository, String named) {
        return repository.equals(ChartSubscription.withoutScheme(named))
                || RepositoryUrls.sameRepository(repository, named);
    }

    private static Map<String, Object> image(ImageRef image) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("RepoURL", image.repository());
        value.put("Tag", image.tag() == null ? "" : image.tag());
        value.put("Digest", image.digest());
        return value;
    }

    private static Map<String, Object> chart(ChartRef chart) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("RepoURL", chart.ociUrl());
        value.put("Name", chart.name());
        value.put("Version", chart.version());
        return value;
    }

    private static Map<String, Object> commit(GitCommitRef commit) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("RepoURL", commit.repositoryUrl());
        value.put("ID", commit.id());
        value.put("Branch", commit.branch());
        value.put("Message", commit.message() == null ? "" : commit.message());
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FreightCriteria that && that.expression().equals(expression());
    }

    @Override
    public int hashCode() {
        return expression().hashCode();
    }

    @Override
    public String toString() {
        return expression();
    }
}
