package io.gitopsflow.gateway.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gitopsflow.events.validation.InvalidNameException;
import io.gitopsflow.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads every JSON body the gateway accepts, strictly: decoded by its declared charset (UTF-8 when none), duplicate
 * keys refused (the last one must not silently win), nesting and sizes limited by Jackson's StreamReadConstraints, no
 * trailing content; each refusal is a 400 (415 for an unsupported charset) with a reason that never echoes the body.
 */
@ApplicationScoped
public class JsonBodies {

    /** The Unicode encodings RFC 8259 allows, and the two single-byte ones old clients declare. */
    static final Set<Charset> SUPPORTED = Set.of(
            StandardCharsets.UTF_8,
            StandardCharsets.UTF_16,
            StandardCharsets.UTF_16BE,
            StandardCharsets.UTF_16LE,
            Charset.forName("UTF-32"),
            Charset.forName("UTF-32BE"),
            Charset.forName("UTF-32LE"),
            StandardCharsets.ISO_8859_1,
            StandardCharsets.US_ASCII);

    private static final int MAX_NAME_LENGTH = 1000;
    private static final int MAX_NUMBER_LENGTH = 100;
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);
    private static final Pattern CHARSET =
            Pattern.compile(";\\s*charset\\s*=\\s*\"?([^\";]*)\"?", Pattern.CASE_INSENSITIVE);

    private final ObjectMapper mapper;
    private final int maxNestingDepth;

    @Inject
    public JsonBodies(GatewayConfig config) {
        this(config.json().maxNestingDepth(), config.json().maxStringLength());
    }

    JsonBodies(int maxNestingDepth, int maxStringLength) {
        this.maxNestingDepth = maxNestingDepth;
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNestingDepth)
                        .maxStringLength(maxStringLength)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build())
                .build();
        JsonMapper strict = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // should anything ever bind a body to a type: a string is never read as a boolean or a number
        strict.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        this.mapper = strict;
    }

    /**
     * The body as a JSON object.
     *
     * @param contentType the request's Content-Type, whose charset parameter (if any) says how to decode the body
     * @throws RejectedWebhookException 400 (empty, malformed, duplicate key, too deep or too large, not an object), 415
     *     (a charset that is not supported)
     */
    public JsonNode readObject(byte[] body, String contentType) {
        if (body == null || body.length == 0) {
            throw new RejectedWebhookException(400, "empty body, expected a JSON object");
        }
        String text = decode(body, charset(contentType));
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || !node.isObject()) {
                throw new RejectedWebhookException(400, "the body is not a JSON object");
            }
            return node;
        } catch (StreamConstraintsException e) {
            throw new RejectedWebhookException(400, limitReason(e));
        } catch (JsonProcessingException e) {
            throw new RejectedWebhookException(400, parseReason(e));
        } catch (IOException e) {
            throw new RejectedWebhookException(400, "unreadable body");
        }
    }

    /** The body re-encoded as UTF-8 after the checks of {@link #readObject}, for readers that expect UTF-8. */
    public byte[] toUtf8(JsonNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new RejectedWebhookException(400, "unreadable body");
        }
    }

    /**
     * Requires a JSON content type (or one of the given vendor JSON types); answers the content type, for
     * {@link #readObject}.
     *
     * @throws RejectedWebhookException 415 naming the types expected
     */
    public static String requireJson(String contentType, String... expected) {
        String type =
                contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
        if (!type.equals("application/json") && !java.util.List.of(expected).contains(type)) {
            throw new RejectedWebhookException(
                    415,
                    "content type must be " + String.join(" or ", expected) + " (configure the webhook to send JSON)");
        }
        return contentType;
    }

    /** The declared charset; UTF-8 (JSON's only interchange encoding, RFC 8259) when none is declared. */
    static Charset charset(String contentType) {
        if (contentType == null) {
            return StandardCharsets.UTF_8;
        }
        Matcher declared = CHARSET.matcher(contentType);
        if (!declared.find()) {
            return StandardCharsets.UTF_8;
        }
        String name = declared.group(1).strip();
        try {
            Charset charset = Charset.forName(name);
            if (SUPPORTED.contains(charset)) {
                return charset;
            }
        } catch (IllegalCharsetNameException | UnsupportedCharsetException unknown) {
            // answered below
        }
        throw new RejectedWebhookException(
                415,
                "charset " + InvalidNameException.quote(name)
                        + " is not supported; send UTF-8 (UTF-16, UTF-32, ISO-8859-1 and US-ASCII are also read)");
    }

    /** Decodes strictly: a byte sequence that is not valid in the declared charset is refused, never replaced. */
    private static String decode(byte[] body, Charset charset) {
        try {
            String text = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
            // a byte order mark may precede JSON text; it is not part of it
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new RejectedWebhookException(400, "the body is not valid " + charset.name() + " text");
        }
    }

    private String limitReason(StreamConstraintsException e) {
        String message = e.getOriginalMessage();
        if (message != null && message.contains("nesting depth")) {
            return "JSON nested deeper than " + maxNestingDepth + " levels";
        }
        return "JSON exceeds a size limit: " + InvalidNameException.quote(message);
    }

    private static String parseReason(JsonProcessingException e) {
        var location = e.getLocation();
        String where =
                location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
        if (duplicate.matches()) {
            return "duplicate key " + InvalidNameException.quote(duplicate.group(1)) + " in a JSON object" + where;
        }
        return "malformed JSON" + where;
    }
}
