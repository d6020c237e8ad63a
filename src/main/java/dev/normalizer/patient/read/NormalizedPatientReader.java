package dev.normalizer.patient.read;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.normalizer.common.Jdbc;
import dev.normalizer.common.RestrictedRecords;
import dev.normalizer.patient.PatientRecord;
import dev.normalizer.patient.columns.Access.Group;
import dev.normalizer.patient.columns.PatientColumns;
import dev.normalizer.patient.model.PatientChild;
import dev.normalizer.patient.model.PatientCore;
import dev.normalizer.patient.model.PatientGp;
import dev.normalizer.patient.model.PatientPersonal;
import dev.normalizer.readpath.ReadPath;
import io.quarkus.panache.common.Parameters;
import jakarta.inject.Singleton;
import jakarta.persistence.Table;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The normalized read path: the normalized tables themselves, not the legacy view. The chosen patients come in one
 * statement, a row per patient holding each table's rows as JSON: the core and its one-to-one rows, and one array
 * per repeating group. They fill unmanaged entities, which {@link PatientRecord#fromNormalized} reads through the
 * column catalog, as it reads the managed entities that a write changed. Writes and data-subject requests load the
 * managed entities through Hibernate ({@link #findEntity}).
 */
@Singleton
public class NormalizedPatientReader extends SqlPatientReader {

    private static final String FETCH = "from PatientCore p join fetch p.personal left join fetch p.gp where ";

    private static final JsonRowMapper<PatientCore> CORE = new JsonRowMapper<>(PatientCore.class,
            PatientCore::new);
    private static final JsonRowMapper<PatientPersonal> PERSONAL = new JsonRowMapper<>(PatientPersonal.class,
            PatientPersonal::new);
    private static final JsonRowMapper<PatientGp> GP = new JsonRowMapper<>(PatientGp.class, PatientGp::new);
    private static final List<GroupRows<?>> GROUPS = PatientColumns.GROUPS.stream()
            .<GroupRows<?>>map(GroupRows::new).toList();

    private static final String SELECT = "SELECT to_json(c), to_json(pp), to_json(gp), "
            + GROUPS.stream().map(g -> "(SELECT json_agg(x) FROM " + table(g.group().type()) + " x"
                    + " WHERE x.patient_id = c.id)").collect(Collectors.joining(", "))
            + " FROM " + table(PatientCore.class) + " c"
            + " JOIN " + table(PatientPersonal.class) + " pp ON pp.patient_id = c.id"
            + " LEFT JOIN " + table(PatientGp.class) + " gp ON gp.patient_id = c.id";

    /** A SQL NULL column reads as JSON null: a patient without a GP, or without rows of a group. */
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

    private final JsonFactory json;
    private final String served;

    public NormalizedPatientReader(Jdbc jdbc, ObjectMapper json, RestrictedRecords restricted) {
        super(jdbc, restricted, SELECT, "c");
        this.json = json.getFactory();
        this.served = restricted.servedJpql("p");
    }

    /** The managed entity of a patient of this tenant that reads serve, for a write. */
    public Optional<PatientCore> findEntity(int tenantId, long id) {
        return PatientCore.<PatientCore>find(FETCH + "p.id = :id and p.tenantId = :tenant and " + served,
                Parameters.with("id", id).and("tenant", tenantId)).firstResultOptional();
    }

    /** The managed entity of a patient of this tenant, restricted or erased or not: for data-subject requests. */
    public Optional<PatientCore> findAnyEntity(int tenantId, long id) {
        return PatientCore.<PatientCore>find(FETCH + "p.id = :id and p.tenantId = :tenant",
                Parameters.with("id", id).and("tenant", tenantId)).firstResultOptional();
    }

    @Override
    public ReadPath path() {
        return ReadPath.NORMALIZED;
    }

    @Override
    protected PatientRecord record(ResultSet row) throws SQLException {
        return PatientRecord.fromNormalized(patient(row));
    }

    private PatientCore patient(ResultSet row) throws SQLException {
        try {
            PatientCore patient = column(row, 1, CORE::read);
            patient.personal = column(row, 2, PERSONAL::read);
            patient.gp = column(row, 3, GP::read);
            int column = 4;
            for (GroupRows<?> group : GROUPS) {
                column(row, column++, array -> group.fill(patient, array));
            }
            return patient;
        } catch (IOException e) {
            throw new SQLException("a normalized patient row is not the JSON expected", e);
        }
    }

    /** Reads a JSON column from its UTF-8 bytes as they came, with a parser at its first token. */
    private <T> T column(ResultSet row, int column, JsonColumn<T> reader) throws SQLException, IOException {
        byte[] bytes = row.getBytes(column);
        try (JsonParser parser = json.createParser(bytes == null ? NULL : bytes)) {
            parser.nextToken();
            return reader.read(parser);
        }
    }

    @FunctionalInterface
    private interface JsonColumn<T> {
        T read(JsonParser parser) throws IOException;
    }

    private static String table(Class<?> entity) {
        return entity.getAnnotation(Table.class).name();
    }

    /** A repeating group's rows, from a JSON array of its table's rows (null when the patient has none). */
    private record GroupRows<E extends PatientChild>(Group<E> group, JsonRowMapper<E> mapper) {

        GroupRows(Group<E> group) {
            this(group, new JsonRowMapper<>(group.type(), group.factory()));
        }

        List<E> fill(PatientCore patient, JsonParser array) throws IOException {
            List<E> target = group.rows().apply(patient);
            if (array.currentToken() != JsonToken.VALUE_NULL) {
                while (array.nextToken() != JsonToken.END_ARRAY) {
                    target.add(mapper.read(array));
                }
            }
            return target;
        }
    }
}
