package io.gitopsflow.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server from the embedded binaries on Maven Central, started once per test JVM and shared. Its data
 * folder and socket live under the test temp folder; it stops when the JVM exits.
 */
public final class TestPostgres {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static final System.Logger LOG = System.getLogger(TestPostgres.class.getName());
    private static TestPostgres instance;

    private final EmbeddedPostgres postgres;
    private final Path folder;
    private boolean stopped;
    /** The server's command line while it is stopped by {@link #stopServer()}, to start it again alike. */
    private List<String> stoppedCommand;

    private TestPostgres(EmbeddedPostgres postgres, Path folder) {
        this.postgres = postgres;
        this.folder = folder;
    }

    /** The shared server of this JVM, started on first use. */
    public static synchronized TestPostgres shared() {
        if (instance == null) {
            instance = startNew();
        }
        return instance;
    }

    /**
     * A server of its own, for a test that stops it (readiness when the database goes away) without touching the
     * shared one; {@link #stop} it, or the JVM's exit does.
     */
    public static TestPostgres startDedicated() {
        return startNew();
    }

    private static TestPostgres startNew() {
        long started = System.nanoTime();
        Path folder = TestFolders.newFolder("postgres");
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(binaries(folder).toFile())
                    .setDataDirectory(folder.resolve("data"))
                    .setCleanDataDirectory(true)
                    .setServerConfig("unix_socket_directories", socketDirectory(folder))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "200")
                    .start();
            TestPostgres server = new TestPostgres(postgres, folder);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-stop"));
            LOG.log(
                    Level.INFO,
                    "PostgreSQL (embedded binaries) started at 127.0.0.1:{0} in {1} ms",
                    String.valueOf(postgres.getPort()),
                    String.valueOf(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL", e);
        }
    }

    /**
     * Where the PostgreSQL binaries are unpacked: the folder {@code gitopsflow.test.postgres-binaries} names (the build
     * names one for all its modules), else {@code postgres-binaries} beside the servers' folders. The binaries are
     * unpacked once per folder, under a file lock, by whichever JVM comes first; unpacked for each server, they took
     * 3–8 s of its start.
     */
    private static Path binaries(Path folder) {
        String shared = System.getProperty("gitopsflow.test.postgres-binaries", "");
        return shared.isBlank() ? folder.resolveSibling("postgres-binaries") : Path.of(shared);
    }

    /** The folder holding its data and socket (its server processes name it on their command line). */
    public Path folder() {
        return folder;
    }

    public int port() {
        return postgres.getPort();
    }

    /** JDBC URL of {@code database} (for Flyway or plain JDBC). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** Vert.x reactive client URL of {@code database} (for Hibernate Reactive). */
    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** The Quarkus datasource properties (reactive and JDBC URL, user, password) of a service using {@code database}. */
    public Map<String, String> quarkusDatasource(String database) {
        return Map.of(
                "quarkus.datasource.reactive.url",
                reactiveUrl(database),
                "quarkus.datasource.jdbc.url",
                jdbcUrl(database),
                "quarkus.datasource.username",
                USER,
                "quarkus.datasource.password",
                PASSWORD);
    }

    /** Creates {@code database} unless it exists, so each test suite can have its own. */
    public synchronized void createDatabase(String database) {
        if (!database.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database names are lower-case letters, digits and _: " + database);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            try (var rows = statement.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
                if (rows.next()) {
                    return;
                }
            }
            statement.execute("create database " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    /** A JDBC connection to {@code database} as the superuser. */
    public Connection connect(String database) throws SQLException {
        return postgres.getDatabase(USER, database).getConnection();
    }

    /**
     * Stops the server as an outage would (fast shutdown: sessions are cut, new connections are refused) and keeps its
     * data, port and settings for {@link #startServer()}. Only for a {@link #startDedicated() dedicated} server.
     */
    public synchronized void stopServer() {
        if (stoppedCommand != null) {
            return;
        }
        ProcessHandle postmaster =
                postmaster().orElseThrow(() -> new IllegalStateException("no PostgreSQL server runs on " + folder));
        List<String> command = new ArrayList<>();
        // as the embedded server was started: in a user namespace of its own, since PostgreSQL refuses to run as root
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(postmaster.info().command().orElseThrow());
        command.addAll(List.of(postmaster.info().arguments().orElseThrow()));
        // SIGINT is PostgreSQL's fast shutdown (what pg_ctl -m fast sends; pg_ctl itself refuses to run as root)
        run(List.of("kill", "-INT", String.valueOf(postmaster.pid())));
        try {
            postmaster.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("PostgreSQL did not stop: " + e.getMessage(), e);
        }
        stoppedCommand = command;
        LOG.log(Level.INFO, "PostgreSQL at port {0} stopped (outage)", String.valueOf(port()));
    }

    /** Starts the server {@link #stopServer() stopped} again, on the same port with the same data; waits until ready. */
    public synchronized void startServer() {
        if (stoppedCommand == null) {
            return;
        }
        try {
            new ProcessBuilder(stoppedCommand)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            folder.resolve("restarted.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL again", e);
        }
        List<String> command = stoppedCommand;
        stoppedCommand = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD)) {
                LOG.log(Level.INFO, "PostgreSQL at port {0} started again", String.valueOf(port()));
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "PostgreSQL did not start again (" + String.join(" ", command) + "): " + e.getMessage()
                                    + "\n" + restartLog(),
                            e);
                }
                sleep(100);
            }
        }
    }

    /** The server process: the one whose command line names this server's data folder. */
    private Optional<ProcessHandle> postmaster() {
        String data = folder.resolve("data").toString();
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().command().orElse("").endsWith("/bin/postgres"))
                .filter(process -> List.of(process.info().arguments().orElse(new String[0]))
                        .contains(data))
                .findFirst();
    }

    private String restartLog() {
        try {
            return java.nio.file.Files.readString(folder.resolve("restarted.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(command.get(0) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the server and removes its files (a second call does nothing). */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "PostgreSQL did not stop cleanly: {0}", e.getMessage());
        }
        TestFolders.deleteRecursively(folder);
    }

    /**
     * The build folder, or none (TCP only) when a socket in it would pass the 107-byte limit of Unix socket paths:
     * deep work trees and long module names reach it, and PostgreSQL then refuses to start.
     */
    private static String socketDirectory(Path folder) {
        return folder.toString().length() + "/.s.PGSQL.65535".length() <= 107 ? folder.toString() : "";
    }
}
