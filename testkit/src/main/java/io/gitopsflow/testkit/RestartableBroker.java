package io.gitopsflow.testkit;

/**
 * A Kafka broker a fault test can take down and bring back as an outage would, without losing what it stored: the
 * same ports, data and cluster id after {@link #startServer()}, so clients reconnect on their own and committed
 * records and offsets are still there. Ask a {@link KafkaCluster} for it with {@link KafkaCluster#restartable()}.
 *
 * <p>Stopping the {@link KafkaCluster#shared() shared} broker stops it for every test of the JVM: a harness that does
 * so must own the JVM's schedule (or use a broker of its own) and start it again before it hands over.
 */
public interface RestartableBroker {

    /**
     * Stops the broker cleanly (SIGTERM, it flushes and closes its logs) and waits until it exited. Seen with the Kafka
     * 4.3 client: after a clean stop, a producer's {@code send()} to a topic it already wrote to waits for the topic's
     * metadata (up to {@code max.block.ms}, then a TimeoutException), where after a kill it queues the record at once.
     */
    void stopServer();

    /** Kills the broker (SIGKILL) as a crash would: its next start recovers its logs. Waits until it exited. */
    void killServer();

    /** Starts the stopped or killed broker again with the same settings and data; waits until it serves. */
    void startServer();

    /** Whether the broker's process runs (it may still be starting). */
    boolean running();
}
