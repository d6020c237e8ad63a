package dev.normalizer.patient.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Fills a new, unmanaged entity from the JSON of its table row ({@code to_json(row)}), read as a stream: every
 * column field, under the column name that its mapping gives it ({@code @Column(name)}, else the field's name).
 * Associations are left to the caller, and columns that the entity does not map are skipped. A mapped column that the
 * row does not have is a mapping that drifted from the schema, and fails loudly.
 *
 * @param <E> the entity
 */
final class JsonRowMapper<E> {

    /** Reads one JSON value (never null) as the field's Java type. */
    @FunctionalInterface
    private interface Reader {
        Object read(JsonParser json) throws IOException;
    }

    private record Column(Field field, Reader reader) {
    }

    private final Class<E> type;
    private final Supplier<E> factory;
    private final Map<String, Column> columns = new HashMap<>();

    JsonRowMapper(Class<E> type, Supplier<E> factory) {
        this.type = type;
        this.factory = factory;
        for (Class<?> c = type; c != null && c.getPackageName().startsWith("dev.normalizer"); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (isColumn(field)) {
                    jakarta.persistence.Column mapping = field.getAnnotation(jakarta.persistence.Column.class);
                    String name = mapping == null || mapping.name().isEmpty() ? field.getName() : mapping.name();
                    field.setAccessible(true);
                    columns.put(name, new Column(field, reader(field)));
                }
            }
        }
    }

    /**
     * A new entity holding the row that the parser is at, or null for a JSON null (an outer join that found no row).
     * Leaves the parser on the row's last token.
     */
    E read(JsonParser json) throws IOException {
        if (json.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (json.currentToken() != JsonToken.START_OBJECT) {
            throw new IOException(type.getSimpleName() + ": expected a row object, found " + json.currentToken());
        }
        E entity = factory.get();
        int found = 0;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            Column column = columns.get(json.currentName());
            JsonToken value = json.nextToken();
            if (column == null) {
                json.skipChildren();
                continue;
            }
            found++;
            try {
                column.field().set(entity, value == JsonToken.VALUE_NULL ? null : column.reader().read(json));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot fill " + column.field(), e);
            }
        }
        if (found != columns.size()) {
            throw new IllegalStateException(type.getSimpleName() + " maps " + columns.size() + " columns, but its "
                    + "table's row has only " + found + " of them: " + columns.keySet());
        }
        return entity;
    }

    private static boolean isColumn(Field field) {
        int modifiers = field.getModifiers();
        return !Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers) && !field.isSynthetic()
                && !field.getName().startsWith("$$_") && !field.isAnnotationPresent(OneToOne.class)
                && !field.isAnnotationPresent(OneToMany.class) && !field.isAnnotationPresent(ManyToOne.class);
    }

    /** JSON as PostgreSQL writes it (numbers as numbers, dates and times in ISO 8601) to the field's Java type. */
    private static Reader reader(Field field) {
        Class<?> javaType = field.getType();
        if (javaType == String.class) {
            return JsonParser::getText;
        } else if (javaType == Long.class) {
            return JsonParser::getLongValue;
        } else if (javaType == Integer.class) {
            return JsonParser::getIntValue;
        } else if (javaType == Short.class) {
            return JsonParser::getShortValue;
        } else if (javaType == Boolean.class) {
            return JsonParser::getBooleanValue;
        } else if (javaType == BigDecimal.class) {
            // From the number's digits: numeric(5,1) 170.0 stays 170.0, as the legacy path reads it.
            return JsonParser::getDecimalValue;
        } else if (javaType == LocalDate.class) {
            return json -> LocalDate.parse(json.getText());
        } else if (javaType == LocalDateTime.class) {
            return json -> LocalDateTime.parse(json.getText());
        } else if (javaType == OffsetDateTime.class) {
            return json -> OffsetDateTime.parse(json.getText());
        }
        throw new IllegalArgumentException("no JSON conversion for " + field + " of type " + javaType.getName());
    }
}
