package io.gitopsflow.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The command line as a user runs it: the launcher the build made ({@code cli/target/gitops-flow}) in a process of its
 * own, talking to the stack's console with a user's token in {@code GITOPS_FLOW_TOKEN} and an empty config directory
 * of its own; what it printed and how it exited come back.
 */
final class Cli {

    /** What one command printed, and its exit code. */
    record Result(int exit, String out, String err) {

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Path launcher;
    private final String server;
    private final Function<String, String> tokens;
    private final Path config;

    Cli(Path root, String server, Function<String, String> tokens) {
        this.launcher = root.resolve(CliLogins.LAUNCHER).toAbsolutePath();
        this.server = server;
        this.tokens = tokens;
        try {
            this.config = Files.createTempDirectory("gitops-flow-cli-config");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path launcher() {
        return launcher;
    }

    String server() {
        return server;
    }

    /** The environment a command of {@code user} runs with (null: no token). */
    Map<String, String> environment(String user) {
        Map<String, String> env = new HashMap<>();
        env.put("GITOPS_FLOW_SERVER", server);
        env.put("GITOPS_FLOW_CONFIG_DIR", config.toString());
        if (user != null) {
            env.put("GITOPS_FLOW_TOKEN", tokens.apply(user));
        }
        return env;
    }

    /** Runs {@code arguments} as {@code user} (null: without a token). */
    Result as(String user, String... arguments) {
        return run(environment(user), Path.of("."), arguments);
    }

    /** Runs {@code arguments} with exactly {@code env} added, in {@code directory}. */
    Result run(Map<String, String> env, Path directory, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().remove("GITOPS_FLOW_TOKEN");
        builder.environment().remove("GITOPS_FLOW_SERVER");
        builder.environment().putAll(env);
        try {
            Path out = Files.createTempFile("cli-out", ".txt");
            Path err = Files.createTempFile("cli-err", ".txt");
            Process process = builder.redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("gitops-flow " + String.join(" ", arguments) + " did not end in 90 s");
            }
            Result result = new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
