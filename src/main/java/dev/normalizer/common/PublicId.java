package dev.normalizer.common;

import io.github.thibaultmeyer.cuid.CUID;
import java.util.regex.Pattern;

/**
 * The prefixed public ids ({@code pat_}, {@code cus_}, {@code ord_}, {@code res_}, {@code cmp_} followed by a
 * 24-character cuid2), one constant per table that has them. The service gives its new rows a cuid2 from the
 * library; the database fills in rows that other writers insert (see V6__public_ids).
 */
public enum PublicId {
    PATIENT("pat_", "patient_core", "Patient"),
    CUSTOMER("cus_", "customers", "Customer"),
    ORDER("ord_", "orders", "Order"),
    RESERVATION("res_", "reservations", "Reservation"),
    COMPANY("cmp_", "companies", "Company");

    /** The key of the public id in every API record. */
    public static final String KEY = "publicId";
    /** cuid2's shape at its default length: a letter, then 23 letters or digits. */
    static final String CUID2 = "[a-z][a-z0-9]{23}";

    private final String prefix;
    private final String table;
    private final String noun;
    private final Pattern pattern;

    PublicId(String prefix, String table, String noun) {
        this.prefix = prefix;
        this.table = table;
        this.noun = noun;
        this.pattern = Pattern.compile(prefix + CUID2);
    }

    public String prefix() {
        return prefix;
    }

    public String table() {
        return table;
    }

    /** How a problem names the record ("Patient pat_... does not exist"). */
    public String noun() {
        return noun;
    }

    /** A new public id. */
    public String next() {
        return prefix + CUID.randomCUID2();
    }

    /** The regular expression of this kind's public ids, as the API document states it. */
    public String regex() {
        return pattern.pattern();
    }

    public boolean matches(String raw) {
        return raw != null && pattern.matcher(raw).matches();
    }
}
