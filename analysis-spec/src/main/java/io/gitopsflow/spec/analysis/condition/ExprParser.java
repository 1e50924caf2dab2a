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
import io.gitopsflow.spec.analysis.condition.ExprToken.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * expr-lang's grammar (github.com/expr-lang/expr, parser/parser.go) as a precedence-climbing parser: the same
 * operator precedences and associativity, comparison chains ({@code 1 < x < 3}), {@code not in}, the pipe
 * {@code x | f()}, ternaries, {@code ??}, member and optional chains, slices, array and map literals, and the
 * predicate arguments ({@code #}, {@code #index}, {@code .field}) of the built-ins that take one. What gitops-flow does
 * not run ({@code let}, {@code if} blocks, method calls, {@code ::}) is refused here, with its position.
 */
final class ExprParser {

    private final List<ExprToken> tokens;
    private int position;
    private int predicateDepth;

    private ExprParser(List<ExprToken> tokens) {
        this.tokens = tokens;
    }

    /** The tree of {@code text}; {@link ExprSyntaxException} with the position of what is wrong. */
    static ExprNode parse(String text) {
        ExprParser parser = new ExprParser(ExprLexer.tokens(text));
        ExprNode node = parser.expression(0);
        if (parser.current().kind() != Kind.EOF) {
            throw new ExprSyntaxException("unexpected token " + parser.current(), parser.current());
        }
        return node;
    }

    private ExprToken current() {
        return tokens.get(position);
    }

    private ExprToken next() {
        ExprToken token = tokens.get(position);
        if (position < tokens.size() - 1) {
            position++;
        }
        return token;
    }

    private ExprToken expect(Kind kind, String text) {
        ExprToken token = current();
        if (!token.is(kind, text)) {
            String what = text.equals(")") ? "unbalanced parentheses: " : "";
            throw new ExprSyntaxException(what + "unexpected token " + token + " (expected " + text + ")", token);
        }
        return next();
    }

    private ExprNode expression(int precedence) {
        ExprToken first = current();
        if (precedence == 0 && (first.isOperator("let") || first.isOperator("if"))) {
            throw new ExprSyntaxException(
                    "'" + first.text() + "' is not supported in conditions (no variables or if blocks)", first);
        }
        ExprNode left = primary();
        String previous = "";
        while (current().kind() == Kind.OPERATOR) {
            ExprToken operator = current();
            boolean negate = operator.isOperator("not");
            if (negate) {
                ExprToken following = tokens.get(Math.min(position + 1, tokens.size() - 1));
                if (!ExprGrammar.NEGATABLE.contains(following.text()) || following.kind() != Kind.OPERATOR) {
                    throw new ExprSyntaxException("unexpected token " + following, following);
                }
                if (ExprGrammar.BINARY.get(following.text()) < precedence) {
                    break;
                }
                next();
                operator = current();
            }
            Integer strength = ExprGrammar.BINARY.get(operator.text());
            if (strength == null || strength < precedence) {
                break;
            }
            next();
            if (previous.equals("??") && !operator.text().equals("??")) {
                throw new ExprSyntaxException(
                        "Operator (" + operator.text() + ") and coalesce expressions (??) cannot"
                                + " be mixed. Wrap either by parentheses.",
                        operator);
            }
            left = binary(left, operator, strength);
            if (negate) {
                left = new Unary(operator, "not", left);
            }
            previous = operator.text();
        }
        return precedence == 0 ? conditional(left) : left;
    }

    private ExprNode binary(ExprNode left, ExprToken operator, int strength) {
        if (operator.text().equals("|")) {
            ExprToken name = current();
            if (name.kind() != Kind.IDENTIFIER) {
                throw new ExprSyntaxException("unexpected token " + name + " (expected a function name)", name);
            }
            next();
            List<ExprNode> arguments = new ArrayList<>();
            arguments.add(left);
            return call(name, arguments);
        }
        if (ExprGrammar.COMPARISONS.contains(operator.text())) {
            return comparison(left, operator, strength);
        }
        boolean right = operator.text().equals("**") || operator.text().equals("^");
        ExprNode operand = expression(right ? strength : strength + 1);
        return new Binary(operator, operator.text(), left, operand);
    }

    /** {@code a < b < c} is {@code a < b && b < c}, as in expr-lang. */
    private ExprNode comparison(ExprNode left, ExprToken operator, int strength) {
        ExprNode root = null;
        ExprToken token = operator;
        while (true) {
            ExprNode right = expression(strength + 1);
            ExprNode one = new Binary(token, token.text(), left, right);
            root = root == null ? one : new Binary(token, "&&", root, one);
            left = right;
            token = current();
            if (token.kind() != Kind.OPERATOR || !ExprGrammar.COMPARISONS.contains(token.text())) {
                return root;
            }
            next();
        }
    }

    private ExprNode conditional(ExprNode node) {
        while (current().isOperator("?")) {
            ExprToken at = next();
            ExprNode then;
            ExprNode otherwise;
            if (current().isOperator(":")) {
                next();
                then = node;
                otherwise = expression(0);
            } else {
                then = expression(0);
                expect(Kind.OPERATOR, ":");
                otherwise = expression(0);
            }
            node = new Conditional(at, node, then, otherwise);
        }
        return node;
    }

    private ExprNode primary() {
        ExprToken token = current();
        if (token.kind() == Kind.OPERATOR && ExprGrammar.UNARY.containsKey(token.text())) {
            next();
            ExprNode operand = expression(ExprGrammar.UNARY.get(token.text()));
            return postfix(new Unary(token, token.text(), operand));
        }
        if (token.isBracket("(")) {
            next();
            ExprNode inner = expression(0);
            if (current().isOperator(";")) {
                throw new ExprSyntaxException("sequences (;) are not supported in conditions", current());
            }
            expect(Kind.BRACKET, ")");
            return postfix(inner);
        }
        if (predicateDepth > 0 && (token.isOperator("#") || token.isOperator("."))) {
            String name = "";
            if (token.isOperator("#")) {
                next();
                if (current().kind() == Kind.IDENTIFIER) {
                    name = next().text();
                }
            }
            return postfix(new Pointer(token, name));
        }
        if (token.isOperator("::") || token.isOperator("#")) {
            String why = token.isOperator("#") ? "'#' is only allowed in a predicate" : "'::' is not supported";
            throw new ExprSyntaxException(why, token);
        }
        return postfix(secondary());
    }

    private ExprNode secondary() {
        ExprToken token = next();
        return switch (token.kind()) {
            case IDENTIFIER ->
                switch (token.text()) {
                    case "true" -> new Literal(token, Boolean.TRUE);
                    case "false" -> new Literal(token, Boolean.FALSE);
                    case "nil" -> new Literal(token, null);
                    default ->
                        current().isBracket("(") ? call(token, new ArrayList<>()) : new Name(token, token.text());
                };
            case NUMBER -> new Literal(token, ExprGrammar.number(token));
            case STRING -> new Literal(token, token.text());
            case BRACKET -> {
                if (token.text().equals("[")) {
                    yield array(token);
                }
                if (token.text().equals("{")) {
                    yield map(token);
                }
                throw new ExprSyntaxException("unexpected token " + token, token);
            }
            default -> throw new ExprSyntaxException("unexpected token " + token, token);
        };
    }

    private ExprNode call(ExprToken name, List<ExprNode> arguments) {
        Boolean optionalPredicate = ExprGrammar.PREDICATE_FUNCTIONS.get(name.text());
        expect(Kind.BRACKET, "(");
        if (optionalPredicate == null) {
            int piped = arguments.size();
            while (!current().isBracket(")")) {
                if (arguments.size() > piped) {
                    expect(Kind.OPERATOR, ",");
                    if (current().isBracket(")")) {
                        break;
                    }
                }
                arguments.add(expression(0));
            }
            expect(Kind.BRACKET, ")");
            return new Call(name, name.text(), arguments);
        }
        return predicateCall(name, arguments, optionalPredicate);
    }

    private ExprNode predicateCall(ExprToken name, List<ExprNode> arguments, boolean optionalPredicate) {
        if (arguments.isEmpty()) {
            arguments.add(expression(0));
            if (!current().isBracket(")") || !optionalPredicate) {
                expect(Kind.OPERATOR, ",");
            }
        }
        if (!(optionalPredicate && current().isBracket(")"))) {
            arguments.add(predicate());
            while (current().isOperator(",") && !tokens.get(position + 1).isBracket(")")) {
                next();
                arguments.add(expression(0));
            }
        }
        if (current().isOperator(",")) {
            next();
        }
        expect(Kind.BRACKET, ")");
        return new Call(name, name.text(), arguments);
    }

    private ExprNode predicate() {
        ExprToken start = current();
        boolean braces = start.isBracket("{");
        if (braces) {
            next();
        }
        predicateDepth++;
        ExprNode body = expression(0);
        predicateDepth--;
        if (current().isOperator(";")) {
            throw new ExprSyntaxException("sequences (;) are not supported in conditions", current());
        }
        if (braces) {
            expect(Kind.BRACKET, "}");
        }
        return new Predicate(start, body);
    }

    private ExprNode array(ExprToken start) {
        List<ExprNode> items = new ArrayList<>();
        while (!current().isBracket("]")) {
            if (!items.isEmpty()) {
                expect(Kind.OPERATOR, ",");
                if (current().isBracket("]")) {
                    break;
                }
            }
            items.add(expression(0));
        }
        expect(Kind.BRACKET, "]");
        return new ArrayLiteral(start, items);
    }

    private ExprNode map(ExprToken start) {
        List<ExprNode> keys = new ArrayList<>();
        List<ExprNode> values = new ArrayList<>();
        while (!current().isBracket("}")) {
            if (!keys.isEmpty()) {
                expect(Kind.OPERATOR, ",");
                if (current().isBracket("}")) {
                    break;
                }
            }
            ExprToken key = current();
            if (key.kind() == Kind.NUMBER || key.kind() == Kind.STRING || key.kind() == Kind.IDENTIFIER) {
                keys.add(new Literal(next(), key.text()));
            } else if (key.isBracket("(")) {
                keys.add(expression(0));
            } else {
                throw new ExprSyntaxException(
                        "a map key must be a quoted string, a number, a identifier, or an "
                                + "expression enclosed in parentheses (unexpected token " + key + ")",
                        key);
            }
            expect(Kind.OPERATOR, ":");
            values.add(expression(0));
        }
        expect(Kind.BRACKET, "}");
        return new MapLiteral(start, keys, values);
    }

    private ExprNode postfix(ExprNode node) {
        while (true) {
            ExprToken token = current();
            if (token.isOperator(".") || token.isOperator("?.")) {
                node = member(node, token);
            } else if (token.isBracket("[")) {
                node = index(node, token, false);
            } else {
                return node;
            }
        }
    }

    private ExprNode member(ExprNode node, ExprToken dot) {
        boolean optional = dot.isOperator("?.");
        next();
        ExprToken property = current();
        if (optional && property.isBracket("[")) {
            return new Chain(dot, index(node, property, true));
        }
        next();
        boolean isName = property.kind() == Kind.IDENTIFIER
                || (property.kind() == Kind.OPERATOR && ExprLexer.WORD_OPERATORS.contains(property.text()));
        if (!isName) {
            throw new ExprSyntaxException("expected name", property);
        }
        if (current().isBracket("(")) {
            throw new ExprSyntaxException(
                    "method calls are not supported: " + property.text() + "() (values have no methods)", property);
        }
        boolean inChain = node instanceof Chain;
        ExprNode base = inChain ? ((Chain) node).node() : node;
        ExprNode member = new Member(property, base, new Literal(property, property.text()), optional);
        return inChain || optional ? new Chain(property, member) : member;
    }

    private ExprNode index(ExprNode node, ExprToken open, boolean optional) {
        next();
        if (current().isOperator(":")) {
            next();
            ExprNode to = current().isBracket("]") ? null : expression(0);
            expect(Kind.BRACKET, "]");
            return new Slice(open, node, null, to);
        }
        ExprNode from = expression(0);
        if (current().isOperator(":")) {
            next();
            ExprNode to = current().isBracket("]") ? null : expression(0);
            expect(Kind.BRACKET, "]");
            return new Slice(open, node, from, to);
        }
        expect(Kind.BRACKET, "]");
        return new Member(open, node, from, optional);
    }
}
