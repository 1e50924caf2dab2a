package io.gitopsflow.promotion.service;

/** One decision of the lifecycle, committed: what to do next, and what it stored for Kafka. */
record Decision(NextStep next, Answers answers) {

    static Decision done() {
        return new Decision(NextStep.DONE, new Answers());
    }
}
