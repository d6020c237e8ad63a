package dev.normalizer.patient;

import dev.normalizer.common.Dates;
import dev.normalizer.common.ProblemException;
import dev.normalizer.patient.columns.PatientColumn;
import dev.normalizer.patient.columns.PatientColumns;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;

/**
 * The list filters: exact matches combined with AND; {@code surname} ignores case. A null field does not filter.
 */
public record PatientFilter(String surname, String firstName, LocalDate dateOfBirth, String mrn) {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    /**
     * One filter as both readers apply it, to a column of {@code patient_core}, compared with =. The surname ignores
     * case: {@code surname_key} (V10, kept equal to {@code lower(surname)}) is compared with the lower-cased value, a
     * comparison that row-level security lets use an index, unlike {@code lower(surname) = ...}.
     */
    public record Condition(String column, Object value, boolean lowerCased) {

        /** The condition on {@code alias.column}, with one positional parameter. */
        public String sql(String alias) {
            return alias + "." + column + (lowerCased ? " = lower(?)" : " = ?");
        }
    }

    public static PatientFilter parse(String surname, String firstName, String dateOfBirth, String mrn) {
        LocalDate dob = null;
        if (dateOfBirth != null && !dateOfBirth.isEmpty()) {
            try {
                dob = LocalDate.parse(dateOfBirth, DATE);
            } catch (DateTimeParseException e) {
                throw ProblemException.invalid("dateOfBirth", "must be a valid date as YYYY-MM-DD");
            }
            if (!Dates.inRange(dob)) {
                throw ProblemException.invalid("dateOfBirth", "must be " + Dates.RANGE);
            }
        }
        return new PatientFilter(emptyToNull(surname), emptyToNull(firstName), dob, emptyToNull(mrn));
    }

    /** The filters that are set, in a fixed order. */
    public List<Condition> conditions() {
        List<Condition> conditions = new ArrayList<>(4);
        if (surname != null) {
            conditions.add(new Condition("surname_key", surname, true));
        }
        add(conditions, "firstName", firstName);
        add(conditions, "dateOfBirth", dateOfBirth);
        add(conditions, "mrn", mrn);
        return conditions;
    }

    private static void add(List<Condition> conditions, String key, Object value) {
        if (value != null) {
            PatientColumn<?> column = PatientColumns.byKey(key);
            conditions.add(new Condition(column.name(), value, false));
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
