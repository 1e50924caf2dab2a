package io.gitopsflow.testkit.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the child JVM that runs a single-node Kafka broker in KRaft mode: formats the storage once, then
 * starts the broker, and stops it when the parent process goes away (its standard input closes), so a killed test
 * JVM never leaves a broker running.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {}

    /**
     * Starts the broker.
     *
     * @param args the {@code server.properties} path, the cluster id, the log directory
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: KafkaBrokerMain <server.properties> <cluster-id> <log-dir>");
            System.exit(2);
        }
        String config = args[0];
        String clusterId = args[1];
        Path logDir = Path.of(args[2]);

        Thread watchdog = new Thread(KafkaBrokerMain::exitWhenParentGoesAway, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();

        if (!Files.exists(logDir.resolve("meta.properties"))) {
            int formatted = kafka.tools.StorageTool.execute(
                    new String[] {"format", "--cluster-id", clusterId, "--config", config, "--ignore-formatted"},
                    new PrintStream(System.out, true));
            if (formatted != 0) {
                System.err.println("formatting the KRaft storage failed with exit code " + formatted);
                System.exit(formatted);
            }
        }
        kafka.Kafka.main(new String[] {config});
    }

    private static void exitWhenParentGoesAway() {
        try (InputStream in = System.in) {
            while (in.read() != -1) {
                // the parent never writes; reading only detects that the pipe closed
            }
        } catch (IOException ignored) {
            // a broken pipe means the same as end of input
        }
        System.exit(0);
    }
}
