package io.gitopsflow.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real terminal for a command: a detached tmux session of a given size on a tmux server of the test's own ({@code -L}
 * socket), whose screen is read as text with {@code capture-pane} — what a person at that terminal would see.
 */
final class Tmux implements AutoCloseable {

    private static final String SOCKET = "gitops-flow-test";

    private final String session;

    private Tmux(String session) {
        this.session = session;
    }

    static boolean available() {
        try {
            return new ProcessBuilder("tmux", "-V").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code command} (a shell command line) in a new {@code width} x {@code height} terminal with {@code env}. */
    static Tmux start(String session, int width, int height, Map<String, String> env, String command) {
        List<String> tmux = new ArrayList<>(
                List.of("tmux", "-L", SOCKET, "new-session", "-d", "-s", session, "-x", "" + width, "-y", "" + height));
        env.forEach((key, value) -> {
            tmux.add("-e");
            tmux.add(key + "=" + value);
        });
        tmux.add(command);
        run(tmux);
        // the screen stays readable after the command ended (its last output, and how it ended)
        run(List.of("tmux", "-L", SOCKET, "set-option", "-t", session, "remain-on-exit", "on"));
        return new Tmux(session);
    }

    /** The text on the screen now, line by line. */
    String screen() {
        return run(List.of("tmux", "-L", SOCKET, "capture-pane", "-p", "-t", session));
    }

    /** Types {@code keys} (tmux key names, e.g. {@code C-c}). */
    void keys(String keys) {
        run(List.of("tmux", "-L", SOCKET, "send-keys", "-t", session, keys));
    }

    @Override
    public void close() {
        try {
            run(List.of("tmux", "-L", SOCKET, "kill-session", "-t", session));
        } catch (IllegalStateException e) {
            // already gone
        }
    }

    private static String run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
