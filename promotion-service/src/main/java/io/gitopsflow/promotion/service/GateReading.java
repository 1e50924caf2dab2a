package io.gitopsflow.promotion.service;

/**
 * What one check of a health gate found.
 *
 * @param problem null when the Application is synced to a written commit and Healthy, otherwise what is not yet so
 * @param syncRequestedAt the revision a sync was requested at during this check (to record), or null
 */
record GateReading(String problem, String syncRequestedAt) {

    static GateReading of(String problem) {
        return new GateReading(problem, null);
    }
}
