package io.gitopsflow.promotion.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Every stored time is UTC. */
final class UtcClock {

    private UtcClock() {}

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
