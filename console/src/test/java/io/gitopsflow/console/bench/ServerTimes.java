package io.gitopsflow.console.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's own timing of its requests: Micrometer's {@code http_server_requests_seconds} at {@code /q/metrics}
 * (count, sum and the recent max per route, labelled by the route's template such as {@code
 * /ui/pipelines/{pipeline}}). Without configured percentiles the server side gives no quantiles, so a benchmark reads
 * the counters before and after its requests and reports their mean and the max: the time from the request's arrival
 * to its answer, without the client and the loopback.
 */
final class ServerTimes {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    // the labels greedily: a route's template has braces of its own (uri="/ui/pipelines/{pipeline}")
    private static final Pattern LINE = Pattern.compile(
            "^http_server_requests_seconds_(count|sum|max)\\{(.*)\\}\\s+(\\S+)\\s*$", Pattern.MULTILINE);
    private static final Pattern URI_LABEL = Pattern.compile("uri=\"([^\"]*)\"");

    private final List<Sample> samples;

    private ServerTimes(List<Sample> samples) {
        this.samples = samples;
    }

    private record Sample(String kind, String labels, String uri, double value) {}

    /** The current figures of every route. */
    static ServerTimes read(String consoleUrl) throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(URI.create(consoleUrl + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        ConsoleBenchmark.expectOk(answer);
        List<Sample> samples = new ArrayList<>();
        Matcher line = LINE.matcher(answer.body());
        while (line.find()) {
            Matcher uri = URI_LABEL.matcher(line.group(2));
            if (uri.find() && line.group(2).contains("status=\"200\"")) {
                samples.add(new Sample(line.group(1), line.group(2), uri.group(1), Double.parseDouble(line.group(3))));
            }
        }
        return new ServerTimes(samples);
    }

    /**
     * The mean and max server time of the successful requests to {@code path} (a concrete path, matched against the
     * routes' templates) between {@code before} and these figures.
     */
    String since(ServerTimes before, String path) {
        double count = total("count", path) - before.total("count", path);
        double sum = total("sum", path) - before.total("sum", path);
        double max = samples.stream()
                .filter(sample -> sample.kind().equals("max") && matches(sample.uri(), path))
                .mapToDouble(Sample::value)
                .max()
                .orElse(Double.NaN);
        if (count <= 0) {
            return "no http_server_requests_seconds for " + path + " (routes: "
                    + samples.stream().map(Sample::uri).distinct().toList() + ")";
        }
        return String.format(
                "n=%.0f mean %.1f ms, max %.1f ms (http_server_requests_seconds; its max is of the last minutes, warm-up included)",
                count, sum / count * 1000, max * 1000);
    }

    private double total(String kind, String path) {
        return samples.stream()
                .filter(sample -> sample.kind().equals(kind) && matches(sample.uri(), path))
                .mapToDouble(Sample::value)
                .sum();
    }

    /** Whether the route template {@code uri} (segments like {@code {pipeline}} match any one segment) is path. */
    private static boolean matches(String uri, String path) {
        String[] template = uri.split("/", -1);
        String[] concrete = path.split("/", -1);
        if (template.length != concrete.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            boolean variable = template[i].startsWith("{") && template[i].endsWith("}");
            if (!variable && !template[i].equals(concrete[i])) {
                return false;
            }
        }
        return true;
    }
}
