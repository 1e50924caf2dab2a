package io.gitopsflow.console.service;

import io.gitopsflow.events.codec.EventEnvelope;

/**
 * An event the projection applied for the first time, with what it was filed under (its commit resolved).
 *
 * @param event the event
 * @param keys what it was filed under
 */
public record ProjectedEvent(EventEnvelope<?> event, EventKeys keys) {

    /** The CloudEvent id. */
    public String id() {
        return event.attributes().id();
    }

    /** The CloudEvent type. */
    public String type() {
        return event.attributes().type();
    }
}
