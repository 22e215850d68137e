package dev.ringback.adapters.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads request bodies: bounded before anything is parsed, and strict about what could be
 * misread (wrong types, duplicate keys and trailing garbage are refused with a 400 that names
 * the problem, never echoing the value). Unknown fields are ignored, as the platform ignored
 * them: agents written for it send fields of their own (a {@code voice}, a {@code language}),
 * and a call that worked there must work here.
 */
@Singleton
final class RequestBodies {
    static final String INVALID_JSON = "Invalid JSON body";
    static final String NOT_AN_OBJECT = "Request body must be a JSON object";
    static final String TOO_LARGE = "Request body too large";
    static final String BODY_UNREADABLE = "Request body could not be read";
    static final String DUPLICATE_FIELD = "Duplicate field: ";
    static final String DUPLICATE_FIELD_UNNAMED = "Duplicate field in JSON body";
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** A refused body up to this size is read to its end before the 413 (see tooLarge). */
    static final long DRAIN_LIMIT_BYTES = 2L * 1024 * 1024;

    private static final ObjectMapper STRICT = strictMapper();
    /** One reader per request type, made once: making one per request was ~1% of the server's samples. */
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return STRICT.readerFor(type);
        }
    };

    private final int maxBodyBytes;

    @Inject
    RequestBodies(HttpServerSettings settings) {
        this(settings.maxBodyBytes());
    }

    RequestBodies(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The raw bytes, or 413 when the body is larger than the limit. Needs blocking mode. */
    byte[] raw(HttpServerExchange exchange) {
        long declared = exchange.getRequestContentLength();
        if (declared > DRAIN_LIMIT_BYTES) {
            throw tooLarge(exchange, false);
        }
        boolean declaredTooLarge = declared > maxBodyBytes;
        if (!declaredTooLarge) {
            byte[] prefetched = WorkerDispatch.takePrefetchedBody(exchange);
            if (prefetched != null) {
                if (prefetched.length > maxBodyBytes) {
                    throw tooLarge(exchange, false);
                }
                return prefetched;
            }
        }
        if (!exchange.isBlocking()) {
            exchange.startBlocking();
        }
        // Chunked bodies declare nothing, so the limit is enforced while reading too. A body over
        // it is still read to its end, up to DRAIN_LIMIT_BYTES, and dropped (see tooLarge).
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 && !declaredTooLarge ? (int) declared : 1024);
        long total = 0;
        try {
            InputStream in = exchange.getInputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
                if (total > DRAIN_LIMIT_BYTES) {
                    throw tooLarge(exchange, false);
                }
                if (!declaredTooLarge && total <= maxBodyBytes) {
                    out.write(buffer, 0, n);
                }
            }
            in.close();
        } catch (IOException e) {
            if (declaredTooLarge || total > maxBodyBytes) {
                throw tooLarge(exchange, false);
            }
            // The client went away, stalled past the read timeout or broke the framing: its fault,
            // not a server failure, and the connection cannot carry another request.
            exchange.setPersistent(false);
            throw ApiError.of(400, BODY_UNREADABLE);
        }
        if (declaredTooLarge || total > maxBodyBytes) {
            throw tooLarge(exchange, true);
        }
        return out.toByteArray();
    }

    /**
     * The 413 for a body over the limit. A client still sending when the server closes the
     * connection gets a reset, often before it has read the answer (a flaky test showed it: no
     * bytes at all instead of the 413). So {@link #raw} reads the rest of a body of at most
     * {@link #DRAIN_LIMIT_BYTES} in all and drops it, and the connection stays usable; a larger
     * one is cut off and the connection closed.
     */
    private static ApiError tooLarge(HttpServerExchange exchange, boolean readToItsEnd) {
        if (!readToItsEnd) {
            exchange.setPersistent(false);
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        }
        return ApiError.of(413, TOO_LARGE);
    }

    /** The body as a request DTO, read strictly. */
    <T> T json(HttpServerExchange exchange, Class<T> type) {
        return parse(raw(exchange), type);
    }

    static <T> T parse(byte[] body, Class<T> type) {
        // Bound straight from the bytes when that works: the same mapper, so what it accepts is
        // what the careful path below accepts (an object root, no duplicate keys, no trailing
        // tokens; unknown fields ignored). Reading a tree first and binding from it cost every
        // request two passes (~10 % of the HTTP workers' samples answering session reports);
        // a body that fails here is read again below, which names the problem.
        if (startsWithObject(body)) {
            try {
                return READERS.get(type).readValue(body);
            } catch (IOException refused) {
                // The careful path says why.
            }
        }
        return parseCarefully(body, type);
    }

    private static boolean startsWithObject(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }

    /** The body read as a tree first, so that a syntax error is never taken for a field error. */
    static <T> T parseCarefully(byte[] body, Class<T> type) {
        JsonNode tree;
        try {
            // Syntax first, on its own, so that a syntax error is never mistaken for a field error.
            tree = STRICT.readTree(body);
        } catch (JsonParseException e) {
            throw ApiError.of(400, isDuplicateField(e) ? duplicateField(e) : INVALID_JSON);
        } catch (IOException e) {
            throw ApiError.of(400, INVALID_JSON);
        }
        if (tree == null || tree.isMissingNode()) {
            throw ApiError.of(400, INVALID_JSON);
        }
        if (!tree.isObject()) {
            throw ApiError.of(400, NOT_AN_OBJECT);
        }
        ObjectReader reader = READERS.get(type);
        try {
            return reader.readValue(tree);
        } catch (JsonMappingException e) {
            String field = fieldPath(e);
            throw ApiError.of(400, field.isEmpty() ? INVALID_JSON : "Invalid type for field: " + field);
        } catch (IOException e) {
            throw ApiError.of(400, INVALID_JSON);
        }
    }

    /**
     * A field given twice is valid JSON syntax, so "Invalid JSON body" would send the client
     * looking for an error it does not have. The name is echoed only when it is a plain short
     * word: the answer stays printable whatever the body held.
     */
    private static String duplicateField(JsonParseException e) {
        String name = null;
        if (e.getProcessor() instanceof JsonParser) {
            try {
                name = ((JsonParser) e.getProcessor()).currentName();
            } catch (IOException | RuntimeException unreadable) {
                name = null;
            }
        }
        return name != null && PLAIN_NAME.matcher(name).matches() ? DUPLICATE_FIELD + name : DUPLICATE_FIELD_UNNAMED;
    }

    private static boolean isDuplicateField(JsonParseException e) {
        return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field");
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
        // No silent conversions between JSON types: "5" is not a number, 5 is not a string.
        refuse(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.EmptyString,
                CoercionInputShape.Float, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.EmptyString, CoercionInputShape.Boolean);
        refuse(mapper, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.EmptyString, CoercionInputShape.Integer);
        return mapper;
    }

    private static void refuse(ObjectMapper mapper, LogicalType target, CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            mapper.coercionConfigFor(target).setCoercion(shape, CoercionAction.Fail);
        }
    }
}
