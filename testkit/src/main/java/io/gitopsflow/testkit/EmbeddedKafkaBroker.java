package io.gitopsflow.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;

/**
 * An Apache Kafka broker (single node, broker and controller in one process, KRaft) in a child JVM. Its class path
 * is exactly the jars Apache Kafka declares (module testkit-kafka-broker), so they never clash with the Kafka client
 * of the test. The child stops when this JVM exits, and on its own if this JVM dies (its standard input closes).
 *
 * <p>Fault tests take it down and bring it back ({@link RestartableBroker}): a restart launches the same command
 * with the same {@code server.properties}, so it keeps its ports, its data and its cluster id (the storage is
 * formatted on the first start only), and clients reconnect to it on their own.
 */
public final class EmbeddedKafkaBroker implements KafkaCluster, RestartableBroker {

    private static final System.Logger LOG = System.getLogger(EmbeddedKafkaBroker.class.getName());
    private static final String CLASS_PATH_RESOURCE = "io/gitopsflow/testkit/broker/class-path.txt";
    private static final String MAIN_CLASS = "io.gitopsflow.testkit.broker.KafkaBrokerMain";
    private static final String STARTED = "Kafka Server started";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final Path folder;
    private final int port;
    /** Whether a broker of this JVM dumps the class-data archive already: one is enough. */
    private static final AtomicBoolean DUMPING = new AtomicBoolean();

    private final String clusterId;
    private final List<String> command;
    /** How long a clean stop may take before the broker is killed: longer while it writes the class-data archive. */
    private final Duration stopWithin;

    private final ClassArchive archive;
    private final Path log;
    /** The running (or last) child JVM; a restart replaces it. Read without the lock, so no reader waits a start. */
    private volatile Process process;
    /** Set by {@link #stop()}: the files are gone, so the broker can never start again. */
    private boolean removed;

    private EmbeddedKafkaBroker(Path folder, int port, String clusterId, List<String> command, ClassArchive archive) {
        this.folder = folder;
        this.archive = archive;
        this.port = port;
        this.clusterId = clusterId;
        this.command = List.copyOf(command);
        this.stopWithin = ClassArchive.stopWithin(command, STOP_TIMEOUT);
        this.log = folder.resolve("broker.log");
    }

    /** Starts a broker on free loopback ports and waits until it serves; the JVM's exit stops it. */
    public static EmbeddedKafkaBroker start() {
        Path folder = TestFolders.newFolder("kafka");
        int port = TestFolders.freePort();
        int controllerPort = TestFolders.freePort();
        Path data = folder.resolve("data");
        String clusterId = Uuid.randomUuid().toString();
        EmbeddedKafkaBroker broker;
        try {
            Path config = Files.writeString(
                    folder.resolve("server.properties"), serverProperties(port, controllerPort, data));
            String classPath = brokerClassPath();
            ClassArchive archive = new ClassArchive(
                    classArchivePath(folder),
                    Stream.of(classPath.split(File.pathSeparator)).map(Path::of).toList());
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms64m",
                    "-Xmx256m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1"));
            // the JVM's first broker without a current archive dumps one; later brokers, in any JVM, map it
            command.addAll(archive.options(() -> DUMPING.compareAndSet(false, true)));
            command.addAll(List.of(
                    "-Djava.io.tmpdir=" + folder,
                    "-Djava.awt.headless=true",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info",
                    "-Dorg.slf4j.simpleLogger.showDateTime=true",
                    "-cp",
                    classPath,
                    MAIN_CLASS,
                    config.toString(),
                    clusterId,
                    data.toString()));
            broker = new EmbeddedKafkaBroker(folder, port, clusterId, command, archive);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "kafka-broker-stop"));
        try {
            broker.launch("started");
        } catch (RuntimeException e) {
            broker.stop();
            throw e;
        }
        return broker;
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public String description() {
        return "Apache Kafka (KRaft, child JVM pid " + process.pid() + ")";
    }

    @Override
    public Optional<RestartableBroker> restartable() {
        return Optional.of(this);
    }

    /** The child JVM's pid (a new one after each restart), for tests that check nothing is left running. */
    public long pid() {
        return process.pid();
    }

    /** The broker's folder: {@code server.properties}, {@code broker.log} and the KRaft storage {@code data/}. */
    public Path folder() {
        return folder;
    }

    /** The KRaft cluster id its storage was formatted with; a restart keeps it. */
    public String clusterId() {
        return clusterId;
    }

    @Override
    public synchronized void stopServer() {
        end(false);
    }

    @Override
    public synchronized void killServer() {
        end(true);
    }

    @Override
    public synchronized void startServer() {
        if (removed) {
            throw new IllegalStateException("the Kafka broker was stopped for good and its files removed");
        }
        if (!running()) {
            launch("started again");
        }
    }

    @Override
    public boolean running() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /**
     * Stops the broker cleanly, or kills it after 15 s (90 s while it writes the class-data archive), and removes its
     * files; it cannot start again.
     */
    public synchronized void stop() {
        end(false);
        removed = true;
        TestFolders.deleteRecursively(folder);
    }

    /**
     * The brokers' class-data archive: where {@code gitopsflow.test.kafka-class-archive} says (the build names one for
     * all its modules), else beside the testkit's folders.
     */
    private static Path classArchivePath(Path brokerFolder) {
        String named = System.getProperty("gitopsflow.test.kafka-class-archive", "");
        return named.isBlank() ? brokerFolder.resolveSibling("kafka-broker.jsa") : Path.of(named);
    }

    /** Launches the child JVM and waits until it serves; only the log written by this launch counts. */
    private void launch(String what) {
        long started = System.nanoTime();
        try {
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            awaitStarted(started, logStart);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker", e);
        }
        LOG.log(
                Level.INFO,
                "Apache Kafka broker (KRaft, child JVM pid {0}) {1} at 127.0.0.1:{2} in {3} ms; log {4}",
                String.valueOf(process.pid()),
                what,
                String.valueOf(port),
                String.valueOf(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)),
                log);
    }

    /** Ends the child JVM: SIGTERM (a clean shutdown, SIGKILL after {@code stopWithin}) or SIGKILL; waits until it exited. */
    private void end(boolean kill) {
        if (!running()) {
            return;
        }
        long started = System.nanoTime();
        try {
            if (kill) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } else {
                process.destroy();
                if (!process.waitFor(stopWithin.toMillis(), TimeUnit.MILLISECONDS)) {
                    LOG.log(Level.WARNING, "the Kafka broker did not stop within {0}: killing it", stopWithin);
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        archive.settle(process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue()));
        LOG.log(
                Level.INFO,
                "Apache Kafka broker at 127.0.0.1:{0} {1} in {2} ms",
                String.valueOf(port),
                kill ? "killed" : "stopped",
                String.valueOf(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
    }

    private void awaitStarted(long startNanos, long logStart) throws IOException {
        long deadline = startNanos + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String text = logSince(logStart);
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
        end(true);
        throw new IllegalStateException("the Kafka broker did not start within " + START_TIMEOUT);
    }

    /** What the broker logged from byte {@code offset} on: the log is appended to by every start. */
    private String logSince(long offset) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            channel.position(Math.min(offset, channel.size()));
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        }
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
                // after a kill the restarted controller refuses the broker's new registration until the old one's
                // session expires: 9 s by default, the larger part of a restart
                "broker.session.timeout.ms=4000",
                "broker.heartbeat.interval.ms=1000",
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
