package io.gitopsflow.writer.edit;

import io.gitopsflow.events.GitOpsTarget.ValueFormat;
import io.gitopsflow.events.ImageRef;
import java.util.Locale;

/**
 * Turns an artifact into the text a field holds, per {@link ValueFormat}: for an image as named; for a chart {@code tag}
 * is its version and {@code digest} its digest; for a commit both are its full SHA.
 */
public final class ValueFormats {

    private ValueFormats() {}

    /**
     * The field value for {@code image} in {@code format}, checked by {@link EditValues#requireSafeValue}.
     *
     * @throws ManifestEditException when the format needs a tag and the image has none
     */
    public static String value(ImageRef image, ValueFormat format) {
        String value = switch (format) {
            case TAG -> tag(image, format);
            case DIGEST -> image.digest();
            case REPOSITORY -> image.repository();
            case REFERENCE_TAG -> image.repository() + ":" + tag(image, format);
            case REFERENCE_DIGEST -> image.repository() + "@" + image.digest();
            case REFERENCE_TAG_DIGEST -> image.repository() + ":" + tag(image, format) + "@" + image.digest();
        };
        return EditValues.requireSafeValue(value);
    }

    /**
     * The field value for {@code artifact} in {@code format}, checked by {@link EditValues#requireSafeValue}.
     *
     * @throws ManifestEditException when the format does not exist for this kind of artifact
     */
    public static String value(Artifact artifact, ValueFormat format) {
        if (artifact instanceof Artifact.Image image) {
            return value(image.image(), format);
        }
        if (artifact instanceof Artifact.Chart chart) {
            return switch (format) {
                case TAG -> EditValues.requireSafeValue(chart.chart().version());
                case DIGEST -> EditValues.requireSafeValue(chart.chart().digest());
                default -> throw notForArtifact(artifact, format, "tag (its version) or digest");
            };
        }
        String sha = ((Artifact.Commit) artifact).commit().id();
        return switch (format) {
            case TAG, DIGEST -> EditValues.requireSafeValue(sha);
            default -> throw notForArtifact(artifact, format, "tag or digest (both its full SHA)");
        };
    }

    private static ManifestEditException notForArtifact(Artifact artifact, ValueFormat format, String formats) {
        return new ManifestEditException("value format " + name(format) + " writes an image reference, but this request"
                + " promotes a " + artifact.kindName() + " (" + artifact.description() + "); a "
                + artifact.kindName() + " is written as " + formats);
    }

    /** True for the formats that write a whole image reference (repository and tag and/or digest). */
    public static boolean isReference(ValueFormat format) {
        return format == ValueFormat.REFERENCE_TAG
                || format == ValueFormat.REFERENCE_DIGEST
                || format == ValueFormat.REFERENCE_TAG_DIGEST;
    }

    /** The format as the contract spells it: {@code reference-tag}. */
    static String name(ValueFormat format) {
        return format.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String tag(ImageRef image, ValueFormat format) {
        if (image.tag() == null) {
            throw new ManifestEditException("value format " + name(format) + " needs an image tag, but image "
                    + image.pinned() + " has only a digest");
        }
        return image.tag();
    }
}
