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
import io.gitopsflow.spec.analysis.condition.ExprNode.Predicate;
import io.gitopsflow.spec.analysis.condition.ExprNode.Slice;
import io.gitopsflow.spec.analysis.condition.ExprNode.Unary;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What expr-lang's checker refuses before running, done when a template is read: a name the environment lacks, a
 * function nobody defines, a built-in gitops-flow does not run, a wrong number of arguments, and {@code ==},
 * {@code <}... between types known to differ ({@code asFloat(result) == "1.1"}: "mismatched types float64 and string").
 * Each refusal names the position in the expression.
 */
final class ExprChecker {

    /** The static types the checker knows; UNKNOWN for what depends on the measured value. */
    private static final String UNKNOWN = "interface {}";

    private static final Map<String, String> RETURNS = Map.ofEntries(
            Map.entry("asInt", "int"),
            Map.entry("asFloat", "float64"),
            Map.entry("len", "int"),
            Map.entry("count", "int"),
            Map.entry("findIndex", "int"),
            Map.entry("findLastIndex", "int"),
            Map.entry("int", "int"),
            Map.entry("float", "float64"),
            Map.entry("ceil", "float64"),
            Map.entry("floor", "float64"),
            Map.entry("round", "float64"),
            Map.entry("mean", "float64"),
            Map.entry("median", "float64"),
            Map.entry("string", "string"),
            Map.entry("upper", "string"),
            Map.entry("lower", "string"),
            Map.entry("trim", "string"),
            Map.entry("isNaN", "bool"),
            Map.entry("isInf", "bool"),
            Map.entry("isNil", "bool"),
            Map.entry("all", "bool"),
            Map.entry("any", "bool"),
            Map.entry("none", "bool"),
            Map.entry("one", "bool"));

    private final Set<String> names;
    private final Map<String, CustomExpression.Function> functions;

    private ExprChecker(Set<String> names, Map<String, CustomExpression.Function> functions) {
        this.names = names;
        this.functions = functions;
    }

    /** Checks {@code node} against an environment of {@code names}; {@link ExprSyntaxException} on a refusal. */
    static void check(ExprNode node, Set<String> names) {
        check(node, names, Map.of());
    }

    /** Checks {@code node} where the caller's {@code functions} may be called too. */
    static void check(ExprNode node, Set<String> names, Map<String, CustomExpression.Function> functions) {
        new ExprChecker(names, functions).type(node);
    }

    private String type(ExprNode node) {
        if (node instanceof Literal literal) {
            return literal.value() == null ? UNKNOWN : ExprValues.typeName(literal.value());
        } else if (node instanceof Name name) {
            if (!names.contains(name.name())) {
                throw new ExprSyntaxException("unknown name " + name.name(), name.at());
            }
            return UNKNOWN;
        } else if (node instanceof Call call) {
            return call(call);
        } else if (node instanceof Binary binary) {
            return binary(binary);
        } else if (node instanceof Unary unary) {
            String operand = type(unary.node());
            return unary.operator().equals("not") || unary.operator().equals("!") ? "bool" : operand;
        } else if (node instanceof Member member) {
            type(member.node());
            type(member.property());
        } else if (node instanceof Chain chain) {
            type(chain.node());
        } else if (node instanceof Slice slice) {
            visit(slice.node(), slice.from(), slice.to());
        } else if (node instanceof Predicate predicate) {
            type(predicate.body());
        } else if (node instanceof Conditional conditional) {
            visit(conditional.condition(), conditional.then(), conditional.otherwise());
        } else if (node instanceof ArrayLiteral array) {
            array.items().forEach(this::type);
        } else if (node instanceof MapLiteral map) {
            map.keys().forEach(this::type);
            map.values().forEach(this::type);
        }
        return UNKNOWN;
    }

    private void visit(ExprNode... nodes) {
        for (ExprNode node : nodes) {
            if (node != null) {
                type(node);
            }
        }
    }

    private String call(Call call) {
        String name = call.name();
        call.arguments().forEach(this::type);
        if (ExprBuiltins.NOT_SUPPORTED.contains(name)) {
            throw new ExprSyntaxException(
                    "function " + name + " (an expr-lang built-in) is not supported by " + "gitops-flow", call.at());
        }
        if (ExprGrammar.PREDICATE_FUNCTIONS.containsKey(name)) {
            return RETURNS.getOrDefault(name, UNKNOWN);
        }
        CustomExpression.Function custom = functions.get(name);
        ArgoFunctions.Function function = custom != null
                ? new ArgoFunctions.Function(custom.minArguments(), custom.maxArguments(), (a, r) -> null)
                : ArgoFunctions.FUNCTIONS.get(name);
        if (function == null) {
            throw new ExprSyntaxException("unknown function " + name, call.at());
        }
        int given = call.arguments().size();
        if (given < function.minArguments()) {
            throw new ExprSyntaxException("not enough arguments to call " + name, call.at());
        }
        if (given > function.maxArguments()) {
            throw new ExprSyntaxException("too many arguments to call " + name, call.at());
        }
        return RETURNS.getOrDefault(name, UNKNOWN);
    }

    private String binary(Binary binary) {
        String left = type(binary.left());
        String right = type(binary.right());
        String operator = binary.operator();
        boolean known = !left.equals(UNKNOWN) && !right.equals(UNKNOWN);
        boolean numbers = isNumber(left) && isNumber(right);
        if (known
                && !numbers
                && !left.equals(right)
                && List.of("==", "!=", "<", ">", "<=", ">=").contains(operator)) {
            throw new ExprSyntaxException(
                    "invalid operation: " + operator + " (mismatched types " + left + " and " + right + ")",
                    binary.at());
        }
        return switch (operator) {
            case "==",
                    "!=",
                    "<",
                    ">",
                    "<=",
                    ">=",
                    "and",
                    "&&",
                    "or",
                    "||",
                    "in",
                    "matches",
                    "contains",
                    "startsWith",
                    "endsWith" -> "bool";
            case "/", "**", "^" -> "float64";
            default -> UNKNOWN;
        };
    }

    private static boolean isNumber(String type) {
        return type.equals("int") || type.equals("float64");
    }
}
