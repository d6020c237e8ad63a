package dev.normalizer.patient.columns;

import dev.normalizer.patient.model.PatientCore;

/**
 * One of the 185 legacy patient columns: its name, API key, type, where it lives in the normalized tables and
 * how a write treats it.
 *
 * @param name    the legacy column name, also the column of {@code v_patients_legacy}
 * @param key     the API key: the name in lowerCamelCase
 * @param type    the SQL type and its Java carrier
 * @param access  where the value lives in the normalized entities
 * @param write   how writes treat the column
 * @param fallback the value written when a request leaves the column out or null (only for {@link Write#DEFAULTED})
 * @param nullable whether the legacy column may hold null (its NOT NULL is checked against the live schema)
 * @param <T>     the Java type of the value
 */
public record PatientColumn<T>(String name, String key, ColumnType<T> type, Access<T> access, Write write,
        T fallback, boolean nullable) {

    /** How the write path treats a column. */
    public enum Write {
        /** Set by the server (id, tenant, timestamps, the GDPR restriction); ignored in a request body. */
        SERVER,
        /** Must be present and not null. */
        REQUIRED,
        /** NOT NULL in the database; a missing or null value takes {@link PatientColumn#fallback}. */
        DEFAULTED,
        /** Nullable. */
        OPTIONAL
    }

    static String camelCase(String name) {
        StringBuilder key = new StringBuilder(name.length());
        boolean upper = false;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                key.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return key.toString();
    }

    public T read(PatientCore patient) {
        return access.read(patient);
    }

    public void write(PatientCore patient, Object value) {
        access.write(patient, type.javaType().cast(value));
    }
}
