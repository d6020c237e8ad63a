package dev.normalizer.common;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain SQL for reads that do not go through entities: the legacy read paths, which read the legacy shape as it is,
 * and the normalized patient reads, one statement per patient or page.
 */
@ApplicationScoped
public class Jdbc {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    private final AgroalDataSource dataSource;

    public Jdbc(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> List<T> select(String sql, List<?> params, RowReader<T> reader) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                statement.setObject(i + 1, params.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                List<T> results = new ArrayList<>();
                while (rows.next()) {
                    results.add(reader.read(rows));
                }
                return results;
            }
        } catch (SQLException e) {
            throw new ReadException(e);
        }
    }

    public long count(String sql, List<?> params) {
        return select(sql, params, row -> row.getLong(1)).get(0);
    }

    /** One page of {@code select} ordered by {@code idColumn}, with the total of all its rows. */
    public <T> Page<T> page(String select, String idColumn, List<?> params, PageRequest page, RowReader<T> reader) {
        long total = count("SELECT count(*) FROM (" + select + ") counted", params);
        List<Object> paged = new ArrayList<>(params);
        paged.add(page.size());
        paged.add(page.offset());
        List<T> items = select(select + " ORDER BY " + idColumn + " LIMIT ? OFFSET ?", paged, reader);
        return new Page<>(items, page.page(), page.size(), total);
    }

    /** A failed read; the problem mapper turns it into a 503 or 500 without SQL. */
    public static final class ReadException extends RuntimeException {
        ReadException(SQLException cause) {
            super("read failed", cause);
        }
    }
}
