package io.gitopsflow.testkit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BenchmarkReportTest {

    @Test
    void theConditionsNameTheCoresTheStealTheLoadAndTheJvm() {
        String conditions = RunConditions.start().describe("wrk");

        assertThat(conditions)
                .contains(Runtime.getRuntime().availableProcessors() + " cores")
                .contains("CPU stolen by the host")
                .contains("load average")
                .contains("this benchmark's processes")
                .contains("other load")
                .contains("load from wrk")
                .contains(System.getProperty("java.vm.version"));
        assertThat(RunConditions.start().stealPercent()).isBetween(0.0, 100.0);
    }

    @Test
    void twoSamplesGiveTheStealAndSplitTheBusyCpuIntoOursAndOtherLoad() {
        // user nice system idle iowait irq softirq steal, in ticks; 1 s between the samples on all cores
        long cores = Runtime.getRuntime().availableProcessors();
        RunConditions.Sample before = new RunConditions.Sample(0, new long[] {0, 0, 0, 0, 0, 0, 0, 0}, 0);
        RunConditions.Sample after = new RunConditions.Sample(
                1_000_000_000L, new long[] {60 * cores, 0, 20 * cores, 10 * cores, 0, 0, 0, 10 * cores}, 50 * cores);

        assertThat(before.stealPercent(after)).isCloseTo(10.0, within(1e-9));
        RunConditions.Busy busy = before.busy(after);
        assertThat(busy.machine()).isCloseTo(80.0, within(1e-9));
        assertThat(busy.ours()).isCloseTo(50.0, within(1e-9));
        assertThat(busy.other()).isCloseTo(30.0, within(1e-9));
        assertThat(before.until(after))
                .isEqualTo("steal 10.00 %, CPU busy 80 % (this benchmark's processes 50 %, other load 30 %)");
    }

    @Test
    void withoutProcStatTheFiguresAreUnknown() {
        RunConditions.Sample none = new RunConditions.Sample(0, new long[0], 0);

        assertThat(none.stealPercent(none)).isNaN();
        assertThat(none.busy(none).machine()).isNaN();
        assertThat(none.until(none)).isEqualTo("steal n/a");
        RunConditions.Sample now = RunConditions.sample();
        assertThat(now.ours()).isNotNegative();
        assertThat(RunConditions.sample().nanos()).isGreaterThanOrEqualTo(now.nanos());
    }

    @Test
    void theMachineNamesThisJvmAndTheOthersItStarted() {
        assertThat(RunConditions.machine("writer JVM [-Xmx512m]"))
                .startsWith(Runtime.getRuntime().availableProcessors() + " cores (" + System.getProperty("os.arch"))
                .contains("benchmark JVM " + System.getProperty("java.version"))
                .endsWith(", writer JVM [-Xmx512m]");
        assertThat(RunConditions.loadAverage()).isNotBlank();
    }

    @Test
    void thePlotWritesThePointsValuesWhenAsked() {
        String plain = new ScalingPlot("t", "x", "y").add("a", 10, 1234).svg();
        String valued =
                new ScalingPlot("t", "x", "y").withValues().add("a", 10, 1234).svg();

        String value = String.format("%,.0f", 1234.0);
        assertThat(plain).doesNotContain(">" + value + "<");
        assertThat(valued).contains("font-size=\"10\">" + value + "</text>");
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
