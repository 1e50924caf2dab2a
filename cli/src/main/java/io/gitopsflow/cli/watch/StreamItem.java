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

    /** The meaning of an event with these fields (an SSE event with neither name, id nor data is a comment). */
    static StreamItem of(String name, String id, String comment) {
        if (name == null && id == null && comment != null) {
            return "open".equals(comment.strip()) ? OPENED : HEARTBEAT;
        }
        return CHANGE;
    }
}
