package io.gitopsflow.testkit.architecture;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.Source;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The size limits, measured on the source a reader reads: a class's file counted line by line, a method from its
 * first line (annotations included) to its closing brace, lambdas and anonymous classes inside it included. Methods
 * are found with the JDK's own parser (javac's tree API), so nothing here guesses at Java syntax; bytecode line
 * tables would miss a method's signature, comments and a trailing lambda's body.
 */
final class SourceLines {

    private SourceLines() {}

    /** One method or constructor of a source file and the lines it spans. */
    record MethodSpan(String name, int firstLine, int lastLine) {
        int lines() {
            return lastLine - firstLine + 1;
        }
    }

    /** Top-level classes whose source file has more than {@code limit} lines. */
    static ArchCondition<JavaClass> haveAtMostLines(int limit) {
        return new ArchCondition<>("have at most %d lines in their source file", limit) {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                sourceFileOf(type).ifPresent(file -> {
                    long lines = lineCount(file);
                    String message = "%s has %d lines, over the limit of %d (%s)"
                            .formatted(type.getName(), lines, limit, file.getFileName());
                    events.add(new SimpleConditionEvent(type, lines <= limit, message));
                });
            }
        };
    }

    /** Top-level classes (with everything nested in their file) that have a method over {@code limit} lines. */
    static ArchCondition<JavaClass> haveNoMethodLongerThan(int limit) {
        return new ArchCondition<>("have no method longer than %d lines", limit) {
            private Map<Path, List<MethodSpan>> methods = Map.of();

            @Override
            public void init(Collection<JavaClass> types) {
                methods = methodsOf(types.stream()
                        .map(SourceLines::sourceFileOf)
                        .flatMap(Optional::stream)
                        .toList());
            }

            @Override
            public void check(JavaClass type, ConditionEvents events) {
                sourceFileOf(type).ifPresent(file -> {
                    for (MethodSpan method : methods.getOrDefault(file, List.of())) {
                        String message = "%s.%s has %d lines, over the limit of %d (%s:%d, to line %d)"
                                .formatted(
                                        type.getPackageName(),
                                        method.name(),
                                        method.lines(),
                                        limit,
                                        file.getFileName(),
                                        method.firstLine(),
                                        method.lastLine());
                        events.add(new SimpleConditionEvent(type, method.lines() <= limit, message));
                    }
                });
            }
        };
    }

    /**
     * The source file of a top-level class compiled from a Maven module: {@code src/main/java} beside the
     * {@code target/classes} folder it was read from. Empty for classes read from a jar or without a file of their
     * own name (a second top-level class in a file is measured with the file's own class).
     */
    static Optional<Path> sourceFileOf(JavaClass type) {
        Optional<String> fileName = type.getSource().flatMap(Source::getFileName);
        Optional<URI> classFile = type.getSource().map(Source::getUri);
        if (fileName.isEmpty()
                || classFile.isEmpty()
                || !"file".equals(classFile.get().getScheme())
                || !fileName.get().equals(type.getSimpleName() + ".java")) {
            return Optional.empty();
        }
        Path classesFolder = Path.of(classFile.get()).getParent();
        for (int level = 0; level < packageDepth(type); level++) {
            classesFolder = classesFolder.getParent();
        }
        Path module = classesFolder.getParent().getParent();
        Path source = module.resolve("src/main/java")
                .resolve(type.getPackageName().replace('.', '/'))
                .resolve(fileName.get())
                .toAbsolutePath()
                .normalize();
        return Files.isRegularFile(source) ? Optional.of(source) : Optional.empty();
    }

    private static int packageDepth(JavaClass type) {
        return type.getPackageName().isEmpty() ? 0 : type.getPackageName().split("\\.").length;
    }

    static long lineCount(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every method and constructor of {@code files}, parsed (not compiled) by javac in one task. */
    static Map<Path, List<MethodSpan>> methodsOf(Collection<Path> files) {
        Map<Path, List<MethodSpan>> methods = new HashMap<>();
        if (files.isEmpty()) {
            return methods;
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("method lengths are read with the JDK's parser: run the tests on a JDK");
        }
        try (StandardJavaFileManager fileManager =
                compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            JavacTask task = (JavacTask) compiler.getTask(
                    null,
                    fileManager,
                    diagnostic -> {},
                    List.of("-proc:none"),
                    null,
                    fileManager.getJavaFileObjectsFromPaths(files));
            SourcePositions positions = Trees.instance(task).getSourcePositions();
            for (CompilationUnitTree unit : task.parse()) {
                MethodCollector collector = new MethodCollector(unit, positions);
                collector.scan(unit, null);
                methods.put(
                        Path.of(unit.getSourceFile().toUri()).toAbsolutePath().normalize(), collector.spans);
            }
            return methods;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Walks one file's tree and notes where each method starts and ends, named after its enclosing types. */
    private static final class MethodCollector extends TreeScanner<Void, Void> {
        private final CompilationUnitTree unit;
        private final SourcePositions positions;
        private final Deque<String> types = new ArrayDeque<>();
        private final List<MethodSpan> spans = new ArrayList<>();

        MethodCollector(CompilationUnitTree unit, SourcePositions positions) {
            this.unit = unit;
            this.positions = positions;
        }

        @Override
        public Void visitClass(ClassTree type, Void unused) {
            String name = type.getSimpleName().toString();
            types.addLast(name.isEmpty() ? "<anonymous>" : name);
            try {
                return super.visitClass(type, unused);
            } finally {
                types.removeLast();
            }
        }

        @Override
        public Void visitMethod(MethodTree method, Void unused) {
            LineMap lines = unit.getLineMap();
            long start = positions.getStartPosition(unit, method);
            long end = positions.getEndPosition(unit, method);
            if (start >= 0 && end >= 0) {
                String name = method.getName().contentEquals("<init>")
                        ? types.getLast()
                        : method.getName().toString();
                spans.add(new MethodSpan(String.join(".", types) + "." + name, (int) lines.getLineNumber(start), (int)
                        lines.getLineNumber(end)));
            }
            return super.visitMethod(method, unused);
        }
    }
}
