package dev.normalizer.patient;

import dev.normalizer.common.ProblemException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * The list filters: exact matches combined with AND; {@code surname} ignores case. A null field does not filter.
 */
public record PatientFilter(String surname, String firstName, LocalDate dateOfBirth, String mrn) {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

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

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
