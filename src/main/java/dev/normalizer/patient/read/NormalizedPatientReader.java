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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The normalized read path: the normalized tables themselves, not the legacy view. The chosen patients come in one
 * statement, a row per patient holding one JSON array of its tables' rows: the core and its one-to-one rows, then an
 * array per repeating group (docs/benchmarks.md: one parser per patient, not one per table). They fill unmanaged
 * entities, which {@link PatientRecord#fromNormalized} reads through the column catalog, as it reads the managed
 * entities that a write changed. Writes and data-subject requests load the managed entities through Hibernate
 * ({@link #findEntity}).
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

    private static final String SELECT = "SELECT json_build_array(to_json(c), to_json(pp), to_json(gp), "
            + GROUPS.stream().map(g -> "(SELECT json_agg(x) FROM " + table(g.group().type()) + " x"
                    + " WHERE x.patient_id = c.id)").collect(Collectors.joining(", "))
            + ") FROM " + table(PatientCore.class) + " c"
            + " JOIN " + table(PatientPersonal.class) + " pp ON pp.patient_id = c.id"
            + " LEFT JOIN " + table(PatientGp.class) + " gp ON gp.patient_id = c.id";

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
        try (JsonParser parser = json.createParser(row.getBytes(1))) {
            expect(parser, JsonToken.START_ARRAY);
            PatientCore patient = CORE.read(next(parser));
            patient.personal = PERSONAL.read(next(parser));
            patient.gp = GP.read(next(parser));
            for (GroupRows<?> group : GROUPS) {
                group.fill(patient, next(parser));
            }
            expect(parser, JsonToken.END_ARRAY);
            return patient;
        } catch (IOException e) {
            throw new SQLException("a normalized patient row is not the JSON expected", e);
        }
    }

    /** The parser at the next element of the patient's array. */
    private static JsonParser next(JsonParser parser) throws IOException {
        parser.nextToken();
        return parser;
    }

    private static void expect(JsonParser parser, JsonToken token) throws IOException {
        if (parser.nextToken() != token) {
            throw new IOException("expected " + token + ", found " + parser.currentToken());
        }
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
