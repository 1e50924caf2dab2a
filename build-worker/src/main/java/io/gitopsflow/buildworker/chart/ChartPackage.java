package io.gitopsflow.buildworker.chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A chart folder packaged as {@code helm package} lays it out, so {@code helm pull} and Argo CD read it: a gzip'ed tar
 * whose entries are {@code <chart name>/<path>}, files only, {@code Chart.yaml} first, then {@code Chart.lock},
 * {@code values.yaml}, {@code values.schema.json}, the templates and the other files in Helm's walk order (each folder's
 * names sorted), mode 0644, minus what {@code .helmignore} leaves out and the chart's {@code .git}. Every entry has the
 * same time (the release's), so packaging the same commit again gives the same bytes and the same digest.
 */
public final class ChartPackage {

    /** The files Helm writes before the rest, in its order. */
    private static final List<String> FIRST = List.of("Chart.yaml", "Chart.lock", "values.yaml", "values.schema.json");

    private static final long MAX_BYTES = 64L * 1024 * 1024;

    private ChartPackage() {}

    /**
     * The package of the chart in {@code folder}, named {@code name}, with {@code chartYaml} as its Chart.yaml.
     *
     * @param inside the checkout: a symbolic link that leads out of it is refused
     */
    public static byte[] pack(Path folder, Path inside, String name, String chartYaml, Instant time) {
        try {
            HelmIgnore ignore = HelmIgnore.parse(readIfThere(folder.resolve(HelmIgnore.FILE_NAME)));
            Map<String, Path> files = new LinkedHashMap<>();
            walk(folder, "", ignore, inside.toRealPath(), files);
            if (ignore.ignores(ChartYaml.FILE_NAME, false)) {
                throw new ChartException(HelmIgnore.FILE_NAME + " leaves out " + ChartYaml.FILE_NAME);
            }
            List<String> order = new ArrayList<>();
            FIRST.stream().filter(files::containsKey).forEach(order::add);
            files.keySet().stream()
                    .filter(path -> path.startsWith("templates/") && !order.contains(path))
                    .forEach(order::add);
            files.keySet().stream().filter(path -> !order.contains(path)).forEach(order::add);
            return tarGz(name, order, files, chartYaml, time);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot package the chart in " + folder, e);
        }
    }

    private static void walk(Path folder, String prefix, HelmIgnore ignore, Path inside, Map<String, Path> files)
            throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(folder)) {
            children = list.sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        }
        for (Path child : children) {
            String path = prefix + child.getFileName();
            if (path.equals(".git")) {
                continue;
            }
            if (Files.isSymbolicLink(child) && !child.toRealPath().startsWith(inside)) {
                throw new ChartException("the chart's " + path + " is a symbolic link out of the repository");
            }
            boolean isFolder = Files.isDirectory(child);
            if (ignore.ignores(path, isFolder)) {
                continue;
            }
            if (isFolder) {
                walk(child, path + "/", ignore, inside, files);
            } else if (Files.isRegularFile(child)) {
                files.put(path, child);
            }
        }
    }

    private static byte[] tarGz(
            String name, List<String> order, Map<String, Path> files, String chartYaml, Instant time)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long total = 0;
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (String path : order) {
                byte[] content = path.equals(ChartYaml.FILE_NAME)
                        ? chartYaml.getBytes(StandardCharsets.UTF_8)
                        : Files.readAllBytes(files.get(path));
                total += content.length;
                if (total > MAX_BYTES) {
                    throw new ChartException("the chart is larger than " + MAX_BYTES + " bytes");
                }
                TarArchiveEntry entry = new TarArchiveEntry(name + "/" + path, true);
                entry.setMode(0644);
                entry.setSize(content.length);
                entry.setModTime(time.toEpochMilli());
                entry.setUserName("");
                entry.setGroupName("");
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        return bytes.toByteArray();
    }

    private static String readIfThere(Path file) throws IOException {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.readString(file) : null;
    }
}
