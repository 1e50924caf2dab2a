package io.gitopsflow.cli.lint;

import io.gitopsflow.cli.CliException;
import io.gitopsflow.cli.ExitCode;
import io.gitopsflow.cli.WorkingDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gitops-flow lint <files or folders…>}: pipeline files and AnalysisTemplates checked offline, before they reach
 * the cluster, by the parsers the services use; for a CI step or a pre-commit hook in a GitOps repository. Folders are
 * walked for {@code *.yaml}/{@code *.yml}, hidden folders and files skipped; a file named on the command line is
 * checked whatever its name.
 */
@Command(
        name = "lint",
        mixinStandardHelpOptions = true,
        description = "Check pipeline files and AnalysisTemplates offline: file:line:column for each problem,"
                + " exit code 1 when there is one.")
public class LintCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE|FOLDER", description = "Files, or folders walked for *.yaml/*.yml.")
    List<String> paths;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, Path> files = new LinkedHashMap<>();
        for (String given : paths) {
            Path path = WorkingDirectory.resolve(given);
            if (Files.isDirectory(path)) {
                yamlFiles(path).forEach(file -> files.putIfAbsent(shown(given, path, file), file));
            } else if (Files.isRegularFile(path)) {
                files.putIfAbsent(given, path);
            } else {
                throw new ParameterException(spec.commandLine(), "no such file or folder: " + given);
            }
        }
        Lint.Result result = Lint.check(files);
        PrintWriter out = spec.commandLine().getOut();
        result.problems().forEach(out::println);
        out.printf(
                "%d file(s) checked, %d problem(s)%n",
                result.files(), result.problems().size());
        out.flush();
        return result.problems().isEmpty() ? ExitCode.OK : ExitCode.FAILED;
    }

    /** A folder's YAML files, sorted, below no hidden folder (.git, a ConfigMap's ..data) and not hidden themselves. */
    static List<Path> yamlFiles(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> !hidden(folder.relativize(file)))
                    .filter(file -> {
                        String name = file.getFileName().toString();
                        return name.endsWith(".yaml") || name.endsWith(".yml");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new CliException("cannot list " + folder + ": " + e.getMessage());
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** A file found in a folder, named from the folder as the user wrote it: {@code gitops/pipelines/books.yaml}. */
    private static String shown(String given, Path folder, Path file) {
        return Path.of(given).resolve(folder.relativize(file)).toString();
    }
}
