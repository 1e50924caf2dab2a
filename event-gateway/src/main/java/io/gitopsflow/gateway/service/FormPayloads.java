package io.gitopsflow.gateway.service;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * GitHub's default content type, {@code application/x-www-form-urlencoded}, carries the JSON payload in the form field
 * {@code payload} (Argo Events' GitHub EventSource reads it the same way). The signature covers the form body as
 * sent, so it is checked before this runs; this only takes the JSON out, as bytes for {@link JsonBodies}, which then
 * reads them as strictly as any JSON body.
 */
final class FormPayloads {

    static final String FORM = "application/x-www-form-urlencoded";
    private static final String FIELD = "payload";

    private FormPayloads() {}

    /** True when the request declares a form body. */
    static boolean isForm(String contentType) {
        return contentType != null
                && contentType.split(";")[0].strip().toLowerCase(Locale.ROOT).equals(FORM);
    }

    /**
     * The bytes of the {@code payload} field, percent-decoded but not yet read as text: {@link JsonBodies} decodes
     * them as UTF-8 and refuses what is not, rather than replacing it.
     *
     * @throws RejectedWebhookException 400 when the body is not a form, or has no or several {@code payload} fields
     */
    static byte[] payload(byte[] body) {
        String form;
        try {
            form = StandardCharsets.US_ASCII
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body == null ? new byte[0] : body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RejectedWebhookException(400, "a form body must be ASCII (percent-encoded)");
        }
        List<String> values;
        try {
            // ISO-8859-1 maps each decoded byte onto one char, so the bytes come back unchanged below
            values = QueryStringDecoder.builder()
                    .hasPath(false)
                    .htmlQueryDecoding(true)
                    .semicolonIsNormalChar(true)
                    .charset(StandardCharsets.ISO_8859_1)
                    .build(form)
                    .parameters()
                    .getOrDefault(FIELD, List.of());
        } catch (IllegalArgumentException e) {
            throw new RejectedWebhookException(400, "malformed form body (a bad percent escape)");
        }
        if (values.size() != 1) {
            throw new RejectedWebhookException(
                    400,
                    values.isEmpty()
                            ? "a form-encoded webhook carries its JSON in the field payload, which is missing"
                            : "the form field payload appears " + values.size() + " times");
        }
        return values.get(0).getBytes(StandardCharsets.ISO_8859_1);
    }
}
