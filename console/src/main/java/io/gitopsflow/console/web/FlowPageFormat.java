package io.gitopsflow.console.web;

import io.quarkus.qute.TemplateExtension;

/**
 * How the Freight, promote and Promotion pages abbreviate ids in their templates: a commit SHA or a Freight id by its
 * first seven characters (the full one stays in the link or the {@code title}).
 */
@TemplateExtension
final class FlowPageFormat {

    private FlowPageFormat() {}

    /** The first seven characters of an id, as git abbreviates a commit. */
    static String abbreviated(String id) {
        return id == null || id.length() <= 7 ? id : id.substring(0, 7);
    }
}
