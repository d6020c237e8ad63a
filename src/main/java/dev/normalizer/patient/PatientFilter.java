package dev.normalizer.patient;

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
     * One filter as both readers apply it: on the legacy column {@code column.name()}, or on the
     * {@code patient_core} entity property {@code column.key()}.
     */
    public record Condition(PatientColumn<?> column, Object value, boolean ignoreCase) {
    }

    public static PatientFilter parse(String surname, String firstName, String dateOfBirth, String mrn) {
        LocalDate dob = null;
        if (dateOfBirth != null && !dateOfBirth.isEmpty()) {
            try {
                dob = LocalDate.parse(dateOfBirth, DATE);
            } catch (DateTimeParseException e) {
                throw ProblemException.invalid("dateOfBirth", "must be a valid date as YYYY-MM-DD");
            }
        }
        return new PatientFilter(emptyToNull(surname), emptyToNull(firstName), dob, emptyToNull(mrn));
    }

    /** The filters that are set, in a fixed order. */
    public List<Condition> conditions() {
        List<Condition> conditions = new ArrayList<>(4);
        add(conditions, "surname", surname, true);
        add(conditions, "firstName", firstName, false);
        add(conditions, "dateOfBirth", dateOfBirth, false);
        add(conditions, "mrn", mrn, false);
        return conditions;
    }

    private static void add(List<Condition> conditions, String key, Object value, boolean ignoreCase) {
        if (value != null) {
            conditions.add(new Condition(PatientColumns.byKey(key), value, ignoreCase));
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
