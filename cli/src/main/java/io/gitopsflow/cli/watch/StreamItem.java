package io.gitopsflow.cli.watch;

/**
 * What one item of the console's stream means to the board: the console's comment {@code open} (the stream is
 * subscribed: anything after it will be pushed), a heartbeat comment (the connection lives; nothing changed), or a
 * change (an event named by its kind, a {@code FlowChange} as data: the board is read again).
 */
enum StreamItem {
    OPENED,
    HEARTBEAT,
    CHANGE;

    /**
     * The meaning of an event with these fields: a comment is an event with a comment and neither name nor data (its
     * id says nothing: SSE keeps the last event id for every event after it).
     */
    static StreamItem of(String name, String comment, String data) {
        if (name == null && comment != null && (data == null || data.isEmpty())) {
            return "open".equals(comment.strip()) ? OPENED : HEARTBEAT;
        }
        return CHANGE;
    }
}
