package dev.normalizer.patient.columns;

import com.fasterxml.jackson.databind.JsonNode;
import dev.normalizer.common.Dates;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * A legacy column's SQL type: which Java value carries it through both read paths (so that both serialize to
 * the same JSON), and how a JSON value is checked and converted on the way in.
 *
 * @param <T> the Java type of the value
 */
public final class ColumnType<T> {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    public static final ColumnType<String> TEXT = new ColumnType<>("text", String.class, 0);
    public static final ColumnType<LocalDate> DATE_TYPE = new ColumnType<>("date", LocalDate.class, 0);
    public static final ColumnType<LocalDateTime> TIMESTAMP = new ColumnType<>("timestamp without time zone", LocalDateTime.class, 0);
    public static final ColumnType<Boolean> BOOLEAN = new ColumnType<>("boolean", Boolean.class, 0);
    public static final ColumnType<Short> SMALLINT = new ColumnType<>("smallint", Short.class, 0);
    public static final ColumnType<Integer> INTEGER = new ColumnType<>("integer", Integer.class, 0);
    public static final ColumnType<Long> BIGINT = new ColumnType<>("bigint", Long.class, 0);
    /** numeric(5,1): at most four digits before the point and one after it. */
    public static final ColumnType<BigDecimal> NUMERIC_5_1 = new ColumnType<>("numeric(5,1)", BigDecimal.class, 0);

    private final String sqlName;
    private final Class<T> javaType;
    private final int length;

    private ColumnType(String sqlName, Class<T> javaType, int length) {
        this.sqlName = sqlName;
        this.javaType = javaType;
        this.length = length;
    }

    public static ColumnType<String> varchar(int length) {
        return new ColumnType<>("character varying(" + length + ")", String.class, length);
    }

    public static ColumnType<String> character(int length) {
        return new ColumnType<>("character(" + length + ")", String.class, length);
    }

    /** The type as PostgreSQL's format_type() prints it, for comparison with the live schema. */
    public String sqlName() {
        return sqlName;
    }

    public Class<T> javaType() {
        return javaType;
    }

    /** The most characters a text column holds, or 0 when it is not bounded (text) or not text. */
    public int maxLength() {
        return length;
    }

    public T read(ResultSet rs, int index) throws SQLException {
        return rs.getObject(index, javaType);
    }

    /**
     * Converts one JSON value, or says what is wrong with it.
     *
     * @throws IllegalArgumentException with a message fit for a violation
     */
    public T fromJson(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        Object value;
        if (javaType == String.class) {
            value = text(node);
        } else if (javaType == LocalDate.class) {
            value = date(node);
        } else if (javaType == LocalDateTime.class) {
            value = timestamp(node);
        } else if (javaType == Boolean.class) {
            require(node.isBoolean(), "must be true or false");
            value = node.booleanValue();
        } else if (javaType == BigDecimal.class) {
            value = numeric(node);
        } else {
            value = whole(node);
        }
        return javaType.cast(value);
    }

    private String text(JsonNode node) {
        require(node.isTextual(), "must be a string");
        String text = node.textValue();
        if (length > 0 && text.codePointCount(0, text.length()) > length) {
            throw new IllegalArgumentException("must be at most " + length + " characters");
        }
        return text;
    }

    private static LocalDate date(JsonNode node) {
        require(node.isTextual(), "must be a date as YYYY-MM-DD");
        LocalDate value;
        try {
            value = LocalDate.parse(node.textValue(), DATE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be a valid date as YYYY-MM-DD");
        }
        require(Dates.inRange(value), "must be " + Dates.RANGE);
        return value;
    }

    private static LocalDateTime timestamp(JsonNode node) {
        require(node.isTextual(), "must be a local date-time as YYYY-MM-DDTHH:MM:SS");
        LocalDateTime value;
        try {
            value = LocalDateTime.parse(node.textValue(), DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be a valid local date-time as YYYY-MM-DDTHH:MM:SS");
        }
        // PostgreSQL keeps microseconds; refusing finer values avoids a silent rounding.
        require(value.getNano() % 1000 == 0, "must have at most 6 fractional digits");
        require(Dates.inRange(value.toLocalDate()), "must be " + Dates.RANGE);
        return value;
    }

    private static BigDecimal numeric(JsonNode node) {
        require(node.isNumber(), "must be a number");
        BigDecimal value = node.decimalValue().stripTrailingZeros();
        require(value.scale() <= 1 && value.precision() - value.scale() <= 4,
                "must have at most 4 digits before the decimal point and 1 after it");
        return value.setScale(1);
    }

    private Object whole(JsonNode node) {
        require(node.isIntegralNumber(), "must be a whole number");
        long max = javaType == Short.class ? Short.MAX_VALUE : javaType == Integer.class ? Integer.MAX_VALUE
                : Long.MAX_VALUE;
        require(node.canConvertToLong() && Math.abs(node.longValue()) <= max,
                "must be between " + (-max) + " and " + max);
        long value = node.longValue();
        if (javaType == Short.class) {
            return (short) value;
        }
        return javaType == Integer.class ? (Object) (int) value : (Object) value;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
