package io.gitopsflow.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsflow.console.api.AnalysisRunDetail;
import io.gitopsflow.console.api.AnalysisRunDetail.Measurement;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart's geometry: points by time and value, errors on the time axis, thresholds inside the plot. */
class AnalysisChartTest {

    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-12-05T10:00:00Z");

    @Test
    void aValueIsReadAsANumberOrTheFirstElementOfAVectorAndAnythingElseIsNoNumber() {
        assertThat(AnalysisChart.number("0.97")).isEqualTo(0.97);
        assertThat(AnalysisChart.number("[0.02, 7]")).isEqualTo(0.02);
        assertThat(AnalysisChart.number(null)).isNull();
        assertThat(AnalysisChart.number("<script>")).isNull();
        assertThat(AnalysisChart.number("NaN")).isNull();
    }

    @Test
    void pointsSpanThePlotByTimeAndTheThresholdLiesBetweenTheValues() {
        AnalysisChart chart = AnalysisChart.of(
                metric(),
                List.of(
                        measurement("0.01", "Successful", 0),
                        measurement("0.09", "Failed", 60),
                        measurement(null, "Error", 120)),
                new AnalysisRunDetail.Conditions("result[0] < 0.05", "len(result) == 0"));

        assertThat(chart.points()).extracting(AnalysisChart.Point::x).containsExactly("64.0", "346.0", "628.0");
        assertThat(chart.points())
                .extracting(AnalysisChart.Point::phase)
                .containsExactly("Successful", "Failed", "Error");
        assertThat(chart.points().get(2).y()).isEqualTo("188.0");
        assertThat(chart.line().split(" ")).hasSize(2);
        assertThat(chart.limits()).singleElement().satisfies(limit -> {
            assertThat(limit.kind()).isEqualTo("success");
            assertThat(limit.label()).isEqualTo("success when < 0.05");
            double y = Double.parseDouble(limit.y());
            assertThat(y)
                    .isBetween(
                            Double.parseDouble(chart.points().get(1).y()),
                            Double.parseDouble(chart.points().get(0).y()));
        });
    }

    private static AnalysisRunDetail.Metric metric() {
        return new AnalysisRunDetail.Metric("error-rate", "Failed", null, false, 3, 1, 1, 0, 1, null);
    }

    private static Measurement measurement(String value, String phase, int second) {
        return new Measurement(
                (long) second, "error-rate", phase, value, null, T0.plusSeconds(second), T0.plusSeconds(second + 1));
    }
}
