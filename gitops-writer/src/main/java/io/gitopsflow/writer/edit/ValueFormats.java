package io.gitopsflow.writer.edit;

import io.gitopsflow.events.GitOpsTarget.ValueFormat;
import io.gitopsflow.events.ImageRef;
import java.util.Locale;

/** Turns an image into the text a field holds, per {@link ValueFormat}. */
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
