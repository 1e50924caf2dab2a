package io.gitopsflow.spec.analysis.condition;

import io.gitopsflow.spec.analysis.condition.ExprNode.ArrayLiteral;
import io.gitopsflow.spec.analysis.condition.ExprNode.Binary;
import io.gitopsflow.spec.analysis.condition.ExprNode.Call;
import io.gitopsflow.spec.analysis.condition.ExprNode.Chain;
import io.gitopsflow.spec.analysis.condition.ExprNode.Conditional;
import io.gitopsflow.spec.analysis.condition.ExprNode.Literal;
import io.gitopsflow.spec.analysis.condition.ExprNode.MapLiteral;
import io.gitopsflow.spec.analysis.condition.ExprNode.Member;
import io.gitopsflow.spec.analysis.condition.ExprNode.Name;
import io.gitopsflow.spec.analysis.condition.ExprNode.Pointer;
import io.gitopsflow.spec.analysis.condition.ExprNode.Predicate;
import io.gitopsflow.spec.analysis.condition.ExprNode.Slice;
import io.gitopsflow.spec.analysis.condition.ExprNode.Unary;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a checked expr-lang tree on one measured {@code result}, with expr-lang's run-time rules: a member of a map
 * that is missing is nil, an index out of range or a member of nil is an error (unless reached through {@code ?.}),
 * {@code and}/{@code or} stop early and need booleans, a predicate runs per element with {@code #} bound to it.
 */
final class ExprInterpreter {

    /** Thrown by an optional member on nil; the enclosing chain turns it into nil. */
    private static final class NilChain extends RuntimeException {
        NilChain() {
            super(null, null, false, false);
        }
    }

    /** The element a predicate runs on, and its index. */
    private record Scope(Object element, long index) {}

    private final Map<String, Object> environment;
    private final Map<String, CustomExpression.Function> functions;
    private final Deque<Scope> scopes = new ArrayDeque<>();

    ExprInterpreter(Map<String, Object> environment) {
        this(environment, Map.of());
    }

    /** With the caller's own {@code functions} besides expr-lang's and Argo's ({@link CustomExpression}). */
    ExprInterpreter(Map<String, Object> environment, Map<String, CustomExpression.Function> functions) {
        this.environment = environment;
        this.functions = functions;
    }

    Object evaluate(ExprNode node) {
        if (node instanceof Literal literal) {
            return literal.value();
        } else if (node instanceof Name name) {
            return name(name);
        } else if (node instanceof Pointer pointer) {
            return pointer(pointer);
        } else if (node instanceof Member member) {
            return member(member);
        } else if (node instanceof Chain chain) {
            return chain(chain);
        } else if (node instanceof Slice slice) {
            return slice(slice);
        } else if (node instanceof Call call) {
            return call(call);
        } else if (node instanceof Unary unary) {
            return unary(unary);
        } else if (node instanceof Binary binary) {
            return binary(binary);
        } else if (node instanceof Conditional conditional) {
            return bool(evaluate(conditional.condition()), "?")
                    ? evaluate(conditional.then())
                    : evaluate(conditional.otherwise());
        } else if (node instanceof ArrayLiteral array) {
            List<Object> items = new ArrayList<>();
            array.items().forEach(item -> items.add(evaluate(item)));
            return items;
        } else if (node instanceof MapLiteral map) {
            Map<String, Object> entries = new LinkedHashMap<>();
            for (int i = 0; i < map.keys().size(); i++) {
                entries.put(
                        ExprValues.goString(evaluate(map.keys().get(i))),
                        evaluate(map.values().get(i)));
            }
            return entries;
        }
        throw new ConditionException("a predicate is not a value");
    }

    private Object name(Name name) {
        if (!environment.containsKey(name.name())) {
            throw new ConditionException("unknown name " + name.name());
        }
        return environment.get(name.name());
    }

    private Object pointer(Pointer pointer) {
        Scope scope = scopes.peek();
        if (scope == null) {
            throw new ConditionException("'#' is only allowed in a predicate");
        }
        return switch (pointer.name()) {
            case "" -> scope.element();
            case "index" -> scope.index();
            default -> throw new ConditionException("unknown pointer #" + pointer.name());
        };
    }

    private Object chain(Chain chain) {
        try {
            return evaluate(chain.node());
        } catch (NilChain e) {
            return null;
        }
    }

    private Object member(Member member) {
        Object from = evaluate(member.node());
        if (from == null && member.optional()) {
            throw new NilChain();
        }
        Object property = evaluate(member.property());
        return fetch(from, property);
    }

    /** expr-lang's {@code runtime.Fetch}: an index (negative from the end) or a map key (missing: nil). */
    static Object fetch(Object from, Object property) {
        if (from instanceof Map<?, ?> map) {
            return map.get(property instanceof String ? property : ExprValues.goString(property));
        }
        if (from instanceof List<?> list && ExprValues.isNumber(property)) {
            return list.get(index(((Number) property).longValue(), list.size()));
        }
        if (from instanceof String text && ExprValues.isNumber(property)) {
            byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return (long) (bytes[index(((Number) property).longValue(), bytes.length)] & 0xff);
        }
        throw new ConditionException(
                "cannot fetch " + ExprValues.goString(property) + " from " + ExprValues.typeName(from));
    }

    private static int index(long index, int length) {
        long at = index < 0 ? length + index : index;
        if (at < 0 || at >= length) {
            throw new ConditionException("index out of range: " + at + " (array length is " + length + ")");
        }
        return (int) at;
    }

    private Object slice(Slice slice) {
        Object from = evaluate(slice.node());
        long length;
        if (from instanceof List<?> list) {
            length = list.size();
        } else if (from instanceof String text) {
            length = text.length();
        } else {
            throw new ConditionException("cannot slice " + ExprValues.typeName(from));
        }
        long a = slice.from() == null ? 0 : integer(evaluate(slice.from()), "slice");
        long b = slice.to() == null ? length : integer(evaluate(slice.to()), "slice");
        a = Math.max(0, a < 0 ? length + a : a);
        b = Math.min(length, Math.max(0, b < 0 ? length + b : b));
        a = Math.min(a, b);
        return from instanceof List<?> list
                ? new ArrayList<Object>(list.subList((int) a, (int) b))
                : ((String) from).substring((int) a, (int) b);
    }

    private Object unary(Unary unary) {
        Object value = evaluate(unary.node());
        if (unary.operator().equals("not") || unary.operator().equals("!")) {
            return !bool(value, unary.operator());
        }
        return ExprOperators.negate(unary.operator(), value);
    }

    private Object binary(Binary binary) {
        String operator = binary.operator();
        switch (operator) {
            case "and", "&&" -> {
                return bool(evaluate(binary.left()), operator) && bool(evaluate(binary.right()), operator);
            }
            case "or", "||" -> {
                return bool(evaluate(binary.left()), operator) || bool(evaluate(binary.right()), operator);
            }
            case "??" -> {
                Object left = evaluate(binary.left());
                return left != null ? left : evaluate(binary.right());
            }
            default -> {
                return operate(operator, evaluate(binary.left()), evaluate(binary.right()));
            }
        }
    }

    private static Object operate(String operator, Object left, Object right) {
        return switch (operator) {
            case "==" -> ExprOperators.equal(left, right);
            case "!=" -> !ExprOperators.equal(left, right);
            case "<", ">", "<=", ">=" -> ExprOperators.compare(operator, left, right);
            case "in" -> ExprOperators.in(left, right);
            case "contains", "startsWith", "endsWith", "matches" -> ExprOperators.text(operator, left, right);
            case ".." -> ExprOperators.range(left, right);
            default -> ExprOperators.arithmetic(operator, left, right);
        };
    }

    static boolean bool(Object value, String operator) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new ConditionException(
                "invalid operation: " + operator + " (mismatched type " + ExprValues.typeName(value) + ", not bool)");
    }

    static long integer(Object value, String function) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d) {
            return d.longValue();
        }
        throw new ConditionException("invalid argument for " + function + " (type " + ExprValues.typeName(value) + ")");
    }

    private Object call(Call call) {
        if (ExprGrammar.PREDICATE_FUNCTIONS.containsKey(call.name())) {
            return predicateCall(call);
        }
        List<Object> arguments = new ArrayList<>(call.arguments().size());
        call.arguments().forEach(argument -> arguments.add(evaluate(argument)));
        CustomExpression.Function custom = functions.get(call.name());
        if (custom != null) {
            return custom.body().apply(arguments);
        }
        return ArgoFunctions.call(call.name(), arguments, environment.get("result"));
    }

    private Object predicateCall(Call call) {
        List<?> elements = ArgoFunctions.elements(evaluate(call.arguments().get(0)), call.name());
        ExprNode predicate =
                call.arguments().size() > 1 ? ((Predicate) call.arguments().get(1)).body() : null;
        return switch (call.name()) {
            case "all" -> firstIndex(elements, predicate, false, true) < 0;
            case "any" -> firstIndex(elements, predicate, true, true) >= 0;
            case "none" -> firstIndex(elements, predicate, true, true) < 0;
            case "one" -> count(elements, predicate) == 1;
            case "count" -> count(elements, predicate);
            case "filter" -> filter(elements, predicate);
            case "map" -> map(elements, predicate);
            case "sum" -> ArgoFunctions.sum(predicate == null ? elements : map(elements, predicate));
            case "find", "findIndex", "findLast", "findLastIndex" -> find(call.name(), elements, predicate);
            default -> throw new ConditionException(call.name() + "() is not supported");
        };
    }

    /** The index of the first element the predicate gives {@code wanted} for, or -1. */
    private long firstIndex(List<?> elements, ExprNode predicate, boolean wanted, boolean forward) {
        for (int k = 0; k < elements.size(); k++) {
            int i = forward ? k : elements.size() - 1 - k;
            if (test(predicate, elements.get(i), i) == wanted) {
                return i;
            }
        }
        return -1;
    }

    private long count(List<?> elements, ExprNode predicate) {
        long matches = 0;
        for (int i = 0; i < elements.size(); i++) {
            boolean match = predicate == null ? bool(elements.get(i), "count") : test(predicate, elements.get(i), i);
            if (match) {
                matches++;
            }
        }
        return matches;
    }

    private List<Object> filter(List<?> elements, ExprNode predicate) {
        List<Object> kept = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            if (test(predicate, elements.get(i), i)) {
                kept.add(elements.get(i));
            }
        }
        return kept;
    }

    private List<Object> map(List<?> elements, ExprNode mapping) {
        List<Object> mapped = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            mapped.add(within(mapping, elements.get(i), i));
        }
        return mapped;
    }

    private Object find(String name, List<?> elements, ExprNode predicate) {
        long at = firstIndex(elements, predicate, true, !name.startsWith("findLast"));
        if (name.endsWith("Index")) {
            return at;
        }
        return at < 0 ? null : elements.get((int) at);
    }

    private boolean test(ExprNode predicate, Object element, int index) {
        Object outcome = within(predicate, element, index);
        if (outcome instanceof Boolean b) {
            return b;
        }
        throw new ConditionException("predicate should return boolean, not " + ExprValues.typeName(outcome));
    }

    private Object within(ExprNode body, Object element, int index) {
        scopes.push(new Scope(element, index));
        try {
            return evaluate(body);
        } finally {
            scopes.pop();
        }
    }
}
