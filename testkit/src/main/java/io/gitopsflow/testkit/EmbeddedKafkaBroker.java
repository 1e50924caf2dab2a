package io.gitopsflow.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * An Apache Kafka broker (single node, broker and controller in one process, KRaft) in a child JVM. Its class path
 * is exactly the jars Apache Kafka declares (module testkit-kafka-broker), so they never clash with the Kafka client
 * of the test. The child stops when this JVM exits, and on its own if this JVM dies (its standard input closes).
 */
public final class EmbeddedKafkaBroker implements KafkaCluster {

    private static final System.Logger LOG = System.getLogger(EmbeddedKafkaBroker.class.getName());
    private static final String CLASS_PATH_RESOURCE = "io/gitopsflow/testkit/broker/class-path.txt";
    private static final String MAIN_CLASS = "io.gitopsflow.testkit.broker.KafkaBrokerMain";
    private static final String STARTED = "Kafka Server started";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path folder;
    private final int port;
    private final long startNanos;

    private EmbeddedKafkaBroker(Process process, Path folder, int port, long startNanos) {
        this.process = process;
        this.folder = folder;
        this.port = port;
        this.startNanos = startNanos;
    }

    /** Starts a broker on free loopback ports and waits until it serves; the JVM's exit stops it. */
    public static EmbeddedKafkaBroker start() {
        long started = System.nanoTime();
        Path folder = TestFolders.newFolder("kafka");
        int port = TestFolders.freePort();
        int controllerPort = TestFolders.freePort();
        Path data = folder.resolve("data");
        Path log = folder.resolve("broker.log");
        try {
            Path config = Files.writeString(
                    folder.resolve("server.properties"), serverProperties(port, controllerPort, data));
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms64m",
                    "-Xmx256m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-Djava.io.tmpdir=" + folder,
                    "-Djava.awt.headless=true",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info",
                    "-Dorg.slf4j.simpleLogger.showDateTime=true",
                    "-cp",
                    brokerClassPath(),
                    MAIN_CLASS,
                    config.toString(),
                    Uuid.randomUuid().toString(),
                    data.toString()));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(process, folder, port, System.nanoTime());
            Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "kafka-broker-stop"));
            broker.awaitStarted(log);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            LOG.log(
                    Level.INFO,
                    "Apache Kafka broker (KRaft, child JVM pid {0}) started at 127.0.0.1:{1} in {2} ms; log {3}",
                    String.valueOf(process.pid()),
                    String.valueOf(port),
                    String.valueOf(millis),
                    log);
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker", e);
        }
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public String description() {
        return "Apache Kafka (KRaft, child JVM pid " + process.pid() + ")";
    }

    /** The child JVM's pid, for tests that check nothing is left running. */
    public long pid() {
        return process.pid();
    }

    /** Stops the broker cleanly, or kills it after 15 s, and removes its files. */
    public synchronized void stop() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        TestFolders.deleteRecursively(folder);
    }

    private void awaitStarted(Path log) throws IOException {
        long deadline = startNanos + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (text.contains(STARTED)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with code " + process.exitValue()
                        + " before it started; its log ends with:\n" + tail(text));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
            }
        }
        stop();
        throw new IllegalStateException("the Kafka broker did not start within " + START_TIMEOUT);
    }

    private static String tail(String text) {
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    private static String serverProperties(int port, int controllerPort, Path data) {
        return String.join(
                "\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=1",
                "auto.create.topics.enable=true",
                // a single node: every internal topic has one replica, or consumer groups hang
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.segment.bytes=16777216",
                "");
    }

    /** The launcher's jar or classes folder, then every jar of the broker from the local Maven repository. */
    private static String brokerClassPath() throws IOException {
        URL resource = EmbeddedKafkaBroker.class.getClassLoader().getResource(CLASS_PATH_RESOURCE);
        if (resource == null) {
            throw new IllegalStateException(
                    CLASS_PATH_RESOURCE + " is missing: depend on io.gitopsflow:testkit-kafka-broker");
        }
        String listed;
        try (InputStream in = resource.openStream()) {
            listed = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        String repository = System.getProperty(
                "maven.repo.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        List<String> entries = new ArrayList<>();
        entries.add(launcherLocation(resource).toString());
        for (String entry : listed.split(":")) {
            Path jar = Path.of(entry.replace("${M2_REPO}", repository));
            if (!Files.exists(jar)) {
                throw new IllegalStateException("Kafka broker jar " + jar + " is missing: build the project with Maven"
                        + " (./mvnw verify) so it downloads them, or set -Dmaven.repo.local");
            }
            entries.add(jar.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Path launcherLocation(URL resource) {
        try {
            String url = resource.toString();
            if (url.startsWith("jar:")) {
                return Path.of(new URL(url.substring(4, url.indexOf("!/"))).toURI());
            }
            Path file = Path.of(resource.toURI());
            for (int i = 0; i < CLASS_PATH_RESOURCE.split("/").length; i++) {
                file = file.getParent();
            }
            return file;
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot locate the Kafka broker launcher from " + resource, e);
        }
    }
}
