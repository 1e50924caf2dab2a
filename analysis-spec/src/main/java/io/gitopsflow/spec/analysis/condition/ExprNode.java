package io.gitopsflow.spec.analysis.condition;

import java.util.List;

/** The syntax tree of an expr-lang expression; each node keeps the token it starts at, for the messages. */
sealed interface ExprNode {

    ExprToken at();

    /** A number, string, bool or nil literal. */
    record Literal(ExprToken at, Object value) implements ExprNode {}

    /** A name of the environment: {@code result}. */
    record Name(ExprToken at, String name) implements ExprNode {}

    /** {@code #} (the element a predicate is on), {@code #index}, or the element of a {@code .field} shorthand. */
    record Pointer(ExprToken at, String name) implements ExprNode {}

    /** {@code node.property}, {@code node[property]}, or their optional forms {@code ?.}. */
    record Member(ExprToken at, ExprNode node, ExprNode property, boolean optional) implements ExprNode {}

    /** The part of an optional chain a nil ends: {@code a?.b.c} is nil when {@code a} is. */
    record Chain(ExprToken at, ExprNode node) implements ExprNode {}

    /** {@code node[from:to]}; either bound may be null. */
    record Slice(ExprToken at, ExprNode node, ExprNode from, ExprNode to) implements ExprNode {}

    /** A call of a function by name (expr-lang's built-ins and Argo's functions). */
    record Call(ExprToken at, String name, List<ExprNode> arguments) implements ExprNode {}

    /** The predicate argument of {@code all}, {@code filter}, {@code map}...: evaluated per element. */
    record Predicate(ExprToken at, ExprNode body) implements ExprNode {}

    /** {@code not}, {@code !}, {@code -} or {@code +} on one operand. */
    record Unary(ExprToken at, String operator, ExprNode node) implements ExprNode {}

    /** An operator on two operands. */
    record Binary(ExprToken at, String operator, ExprNode left, ExprNode right) implements ExprNode {}

    /** {@code condition ? then : otherwise}. */
    record Conditional(ExprToken at, ExprNode condition, ExprNode then, ExprNode otherwise) implements ExprNode {}

    /** {@code [a, b]}. */
    record ArrayLiteral(ExprToken at, List<ExprNode> items) implements ExprNode {}

    /** {@code {key: value}}: keys and values in pairs. */
    record MapLiteral(ExprToken at, List<ExprNode> keys, List<ExprNode> values) implements ExprNode {}
}
