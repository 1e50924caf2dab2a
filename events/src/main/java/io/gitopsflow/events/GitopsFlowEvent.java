package io.gitopsflow.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** An event of the gitops-flow contract: the data of one CloudEvent on one topic. */
public interface GitopsFlowEvent {

    /** The Kafka record key: it keeps the events of one repository, image or stage in order. */
    @JsonIgnore
    String partitionKey();

    /** The CloudEvent {@code subject}: the repository, application or stage the event is about. */
    @JsonIgnore
    String subject();
}
