package io.gitopsflow.events.codec;

import io.gitopsflow.events.GitopsFlowEvent;

/**
 * One event as it travels: the CloudEvent attributes and the data record.
 *
 * @param attributes the context attributes ({@code ce_*} headers on Kafka)
 * @param data the event's data (the record value on Kafka, JSON)
 */
public record EventEnvelope<T extends GitopsFlowEvent>(CloudEventAttributes attributes, T data) {}
