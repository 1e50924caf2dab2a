package io.gitopsflow.testkit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchmarkReportTest {

    @Test
    void theConditionsNameTheCoresTheStealTheLoadAndTheJvm() {
        String conditions = RunConditions.start().describe("wrk");

        assertThat(conditions)
                .contains(Runtime.getRuntime().availableProcessors() + " cores")
                .contains("CPU stolen by the host")
                .contains("load average")
                .contains("load from wrk")
                .contains(System.getProperty("java.vm.version"));
        assertThat(RunConditions.start().stealPercent()).isBetween(0.0, 100.0);
    }

    @Test
    void thePlotDrawsEverySeriesAndEscapesItsNames() {
        String svg = new ScalingPlot("writer <scale>", "applications", "ms")
                .add("gitops-writer", 10, 50)
                .add("gitops-writer", 100, 120)
                .add("gitops-writer", 1_000, 900)
                .add("raw JGit & push", 10, 30)
                .add("raw JGit & push", 1_000, 600)
                .svg();

        assertThat(svg).startsWith("<svg").endsWith("</svg>\n");
        assertThat(svg).contains("writer &lt;scale&gt;", "raw JGit &amp; push").doesNotContain("<scale>");
        assertThat(svg.split("<polyline", -1)).hasSize(4); // the axes and two series
        assertThat(svg.split("<circle", -1)).hasSize(6);
    }
}
