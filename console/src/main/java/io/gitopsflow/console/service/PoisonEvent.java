package io.gitopsflow.console.service;

/**
 * A record the projection refused: it does not read as an event of the contract, or its content contradicts the read
 * model. It goes to {@code <topic>.dlq} with the reason; the rest of the poll is projected.
 *
 * @param record the record
 * @param reason why, for the dead-letter headers
 */
public record PoisonEvent(IncomingEvent record, String reason) {}
