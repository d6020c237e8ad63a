package dev.normalizer.benchmark;

import dev.normalizer.patient.PatientFilter;
import dev.normalizer.patient.columns.PatientColumns;
import java.time.LocalDate;

/**
 * The four patient lists whose speed issue 19 sets targets for, each filtered by one column of {@code patient_core}:
 * the list's query parameter (the API key of the column, which names it in {@link PatientColumns}), and the filter
 * that the readers get for a value of it.
 */
enum ListFilter {
    SURNAME("surname", "surname"),
    FIRST_NAME("firstName", "first name"),
    DATE_OF_BIRTH("dateOfBirth", "date of birth"),
    MRN("mrn", "MRN");

    /** A page of the size the issue measured, with its total. */
    static final int PAGE_SIZE = 50;

    private final String parameter;
    private final String label;

    ListFilter(String parameter, String label) {
        this.parameter = parameter;
        this.label = label;
    }

    String parameter() {
        return parameter;
    }

    String label() {
        return label;
    }

    /** The column whose values the list compares, as stored (the surname's case is the list's business). */
    String column() {
        return PatientColumns.byKey(parameter).name();
    }

    /** The request path, with one {@code %s} for the URL-encoded value. */
    String template() {
        return "/api/patients?" + parameter + "=%s&size=" + PAGE_SIZE;
    }

    /** The filter the readers get for {@code value}, as the resource parses it from the query. */
    PatientFilter filter(Object value) {
        return switch (this) {
            case SURNAME -> new PatientFilter((String) value, null, null, null);
            case FIRST_NAME -> new PatientFilter(null, (String) value, null, null);
            case DATE_OF_BIRTH -> new PatientFilter(null, null, (LocalDate) value, null);
            case MRN -> new PatientFilter(null, null, null, (String) value);
        };
    }

    /** A value no patient has, by which a captured statement's parameter is recognized as this filter's value. */
    Object sentinel() {
        return this == DATE_OF_BIRTH ? LocalDate.of(1111, 11, 11) : "benchmark-sentinel-" + name();
    }
}
