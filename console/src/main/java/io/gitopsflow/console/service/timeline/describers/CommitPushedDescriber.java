package io.gitopsflow.console.service.timeline.describers;

import io.gitopsflow.console.api.StepKind;
import io.gitopsflow.console.api.StepOutcome;
import io.gitopsflow.console.api.TimelineStep;
import io.gitopsflow.console.service.timeline.Details;
import io.gitopsflow.console.service.timeline.TimelineContext;
import io.gitopsflow.console.service.timeline.TimelineDescriber;
import io.gitopsflow.console.service.timeline.TimelineEntry;
import io.gitopsflow.events.CommitPushed;
import io.gitopsflow.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The webhook delivery that brought the commit: where it was pushed, by whom, and what its message says. */
@ApplicationScoped
public class CommitPushedDescriber implements TimelineDescriber<CommitPushed> {

    @Override
    public EventType<CommitPushed> type() {
        return EventType.COMMIT_PUSHED;
    }

    @Override
    public List<TimelineStep> describe(TimelineEntry<CommitPushed> entry, TimelineContext timeline) {
        CommitPushed push = entry.event();
        CommitPushed.Commit head = push.headCommit().orElse(null);
        String author =
                head == null || head.author() == null ? null : head.author().name();
        String message = head == null ? null : head.message();
        String summary = push.repository().fullName() + " " + push.refName() + " pushed"
                + (push.pusher() == null ? "" : " by " + push.pusher().name())
                + Details.because(message);
        Details details = Details.of()
                .put("repository", push.repository().fullName())
                .put("ref", push.ref())
                .put("author", author)
                .put("message", message)
                .put("committedAt", head == null ? null : head.timestamp())
                .put("pusher", push.pusher() == null ? null : push.pusher().name())
                .put("provider", push.provider())
                .put("deliveryId", push.deliveryId())
                .put("totalCommits", push.totalCommits());
        // the author date says when the change was written, not when it left for the server: no duration to measure
        return List.of(entry.step(StepKind.COMMIT_PUSHED, StepOutcome.INFO, null, summary, details.map()));
    }
}
