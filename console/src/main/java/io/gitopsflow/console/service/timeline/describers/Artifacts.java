package io.gitopsflow.console.service.timeline.describers;

import io.gitopsflow.events.ChartRef;
import io.gitopsflow.events.GitCommitRef;
import io.gitopsflow.events.ImageRef;
import java.util.ArrayList;
import java.util.List;

/** How the timeline names a Freight's artifacts, so every step that lists them says it the same way. */
final class Artifacts {

    private Artifacts() {}

    /** Each chart as {@code repository version@digest}. */
    static List<String> charts(List<ChartRef> charts) {
        return charts.stream()
                .map(chart -> chart.repository() + " " + chart.version() + "@" + chart.digest())
                .toList();
    }

    /** Each Git commit as {@code repositoryUrl@branch:sha}. */
    static List<String> commits(List<GitCommitRef> commits) {
        return commits.stream()
                .map(commit -> commit.repositoryUrl() + "@" + commit.branch() + ":" + commit.id())
                .toList();
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
