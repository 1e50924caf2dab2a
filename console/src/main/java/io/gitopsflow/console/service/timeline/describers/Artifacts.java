package io.gitopsflow.console.service.timeline.describers;

import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.events.ImageRef;
import java.util.ArrayList;
import java.util.List;

/** How the timeline names a Freight's artifacts, so every step that lists them says it the same way. */
final class Artifacts {

    private Artifacts() {}

    /** A chart as {@code repository version@digest}. */
    static String chart(ChartRef chart) {
        return chart.repository() + " " + chart.version() + "@" + chart.digest();
    }

    /** A Git commit as {@code repositoryUrl@branch:sha}. */
    static String commit(GitCommitRef commit) {
        return commit.repositoryUrl() + "@" + commit.branch() + ":" + commit.id();
    }

    /** Each chart as {@link #chart} names it. */
    static List<String> charts(List<ChartRef> charts) {
        return charts.stream().map(Artifacts::chart).toList();
    }

    /** Each Git commit as {@link #commit} names it. */
    static List<String> commits(List<GitCommitRef> commits) {
        return commits.stream().map(Artifacts::commit).toList();
    }

    /** How many of each kind, e.g. {@code 1 image, 1 chart, 2 commits}; kinds it has none of are left out. */
    static String count(List<ImageRef> images, List<ChartRef> charts, List<GitCommitRef> commits) {
        List<String> parts = new ArrayList<>();
        add(parts, images.size(), "image");
        add(parts, charts.size(), "chart");
        add(parts, commits.size(), "commit");
        return parts.isEmpty() ? "no artifacts" : String.join(", ", parts);
    }

    private static void add(List<String> parts, int count, String kind) {
        if (count > 0) {
            parts.add(count + " " + kind + (count == 1 ? "" : "s"));
        }
    }
}
