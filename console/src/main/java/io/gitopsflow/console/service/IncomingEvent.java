package io.gitopsflow.console.service;

import java.util.function.Function;

/**
 * One record as the projection takes it, whether the live consumer or a replay read it: where it sits on the broker,
 * its headers and its value.
 *
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset
 * @param header the last value of a header as text, or null
 * @param value the record's value (the CloudEvent data)
 */
public record IncomingEvent(String topic, int partition, long offset, Function<String, String> header, byte[] value) {

    /** Where the record sits, for logs and dead-letter reasons. */
    public String position() {
        return topic + "-" + partition + "@" + offset;
    }
}
