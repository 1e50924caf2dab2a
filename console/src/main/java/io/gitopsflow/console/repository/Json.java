package io.gitopsflow.console.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gitopsflow.events.codec.EventCodec;

/** Parts of an event kept as {@code jsonb} columns, written as the contract writes them (the events' own mapper). */
final class Json {

    private Json() {}

    /** {@code value} as JSON text, for a {@code cast(? as jsonb)} parameter. */
    static String of(Object value) {
        try {
            return EventCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
