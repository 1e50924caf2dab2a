package io.gitopsflow.cli.watch;

import io.gitopsflow.cli.ExitCode;

/**
 * Ctrl-C ends {@code watch} normally (exit 0): it is how a person leaves a live view, not a failure. The JVM's own
 * handling of SIGINT would exit 130 mid-frame; this handler asks the loop to stop instead, so the command returns and
 * the cursor is shown again. Should the loop not stop within two seconds (a read hanging on a slow console), the JVM
 * exits 0 anyway (its shutdown hook shows the cursor). Where the JVM does not allow the handler, Ctrl-C stays the
 * JVM's and the shutdown hook still restores the cursor.
 */
final class CtrlC {

    private CtrlC() {}

    static void onInterrupt(Runnable stop) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {
                stop.run();
                Thread fallback = new Thread(CtrlC::exitSoon, "watch-ctrl-c");
                fallback.setDaemon(true);
                fallback.start();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            // no handler: the JVM ends on Ctrl-C itself
        }
    }

    private static void exitSoon() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(ExitCode.OK);
    }
}
