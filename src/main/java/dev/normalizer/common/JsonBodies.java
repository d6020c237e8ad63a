package dev.normalizer.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks every JSON request body as text before it is bound to its type, so that the same rules hold for every
 * endpoint, whether it reads a record or a tree: the body is a JSON object (not empty, not {@code null}); no string
 * and no field name, at any depth, holds a NUL character (PostgreSQL refuses it) or an unpaired surrogate (which
 * would be stored as {@code ?}); and no number overflows a 64-bit integer or a double. A violation names the field
 * by its path, such as {@code preferences.diet} or {@code items[2]}.
 */
@Provider
public class JsonBodies implements ReaderInterceptor {

    /** Enough to show what is wrong without echoing a hostile body back at length. */
    private static final int MAX_VIOLATIONS = 10;

    private final JsonFactory factory;

    public JsonBodies(ObjectMapper json) {
        this.factory = json.getFactory();
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (!isJson(context.getMediaType())) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        if (body.length == 0) {
            throw ProblemException.badRequest("The request body is empty; a JSON object is expected");
        }
        check(body);
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    private void check(byte[] body) throws IOException {
        List<Problem.Violation> violations = new ArrayList<>();
        try (JsonParser parser = factory.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ProblemException.badRequest("The request body must be a JSON object");
            }
            for (JsonToken token = parser.nextToken(); token != null && violations.size() < MAX_VIOLATIONS;
                    token = parser.nextToken()) {
                String problem = switch (token) {
                    case FIELD_NAME, VALUE_STRING -> text(parser.getText());
                    case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                            ? "is out of range: whole numbers go up to " + Long.MAX_VALUE : null;
                    case VALUE_NUMBER_FLOAT -> Double.isFinite(parser.getDoubleValue()) ? null
                            : "is out of range for a number";
                    default -> null;
                };
                if (problem != null) {
                    violations.add(new Problem.Violation(path(parser.getParsingContext()), problem));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
    }

    /** What is wrong with a string or field name, or null. */
    private static String text(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain the NUL character (\\u0000)";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "is not valid Unicode: it contains an unpaired surrogate";
            }
        }
        return null;
    }

    /** The field the parser is at, as {@code a.b[2].c}; the root object's fields are plain names. */
    static String path(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                path.insert(0, "[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.getCurrentName() != null) {
                boolean nested = c.getParent() != null && !c.getParent().inRoot();
                path.insert(0, (nested ? "." : "") + c.getCurrentName());
            }
        }
        return path.toString();
    }

    private static boolean isJson(MediaType type) {
        return type != null && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
    }
}
