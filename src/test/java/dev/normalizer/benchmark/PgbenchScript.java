package dev.normalizer.benchmark;

import dev.normalizer.benchmark.ReaderStatements.Statement;
import java.util.List;

/**
 * pgbench scripts that run captured statements ({@link ReaderStatements}) with a random value in each transaction.
 * pgbench passes values as variables, which {@code -M prepared} binds as parameters of the prepared statement, as the
 * service's driver does:
 * <ul>
 * <li>a patient id: {@code \set id} picks one of the ids by a random index, through a balanced tree of {@code case}
 * expressions (pgbench has no arrays), so that the transaction is the statement alone, as the service runs it;
 * <li>a list's value: pgbench's variables hold numbers only, so a first statement reads the n-th value of
 * {@code bench.list_values} into {@code :value} ({@code \gset}): one more lookup by primary key in the transaction,
 * small next to a count;
 * <li>the tenant, 1, and any other number (a page's size and offset) as variables with their values;
 * <li>a page's ids ({@link ReaderStatements#SENTINEL_IDS}): the statement before, which chose the page, stores its
 * row into variables ({@code \gset chosen_}), and the ids array is passed on as {@code :chosen_array}, the text of
 * an array, whose type the server infers.
 * </ul>
 * The tenant's row-level security setting is not in the script: the connections set it for their session.
 */
final class PgbenchScript {

    private PgbenchScript() {
    }

    /** One transaction: {@code statements} for one of {@code ids}, picked at random. */
    static String byId(List<Long> ids, List<Statement> statements) {
        StringBuilder script = new StringBuilder("\\set k random(0, " + (ids.size() - 1) + ")\n\\set id ");
        pick(ids, 0, ids.size() - 1, script);
        script.append('\n');
        return statements(statements, null, script);
    }

    /** One transaction: {@code statements} for one of the first {@code values} values of {@code filter}, at random. */
    static String list(ListFilter filter, int values, List<Statement> statements) {
        StringBuilder script = new StringBuilder("\\set n random(1, " + values + ")\n"
                + "SELECT value FROM bench.list_values WHERE filter = '" + filter.name() + "' AND n = :n \\gset\n");
        return statements(statements, filter.sentinel(), script);
    }

    /** The id at index {@code :k}, for an index between {@code from} and {@code to}: log2(ids) comparisons. */
    private static void pick(List<Long> ids, int from, int to, StringBuilder expression) {
        if (from == to) {
            expression.append(ids.get(from));
            return;
        }
        int middle = (from + to + 1) / 2;
        expression.append("case when :k < ").append(middle).append(" then ");
        pick(ids, from, middle - 1, expression);
        expression.append(" else ");
        pick(ids, middle, to, expression);
        expression.append(" end");
    }

    private static String statements(List<Statement> statements, Object listValue, StringBuilder script) {
        script.append("\\set tenant 1\n");
        int variables = 0;
        for (int i = 0; i < statements.size(); i++) {
            Statement statement = statements.get(i);
            StringBuilder sql = new StringBuilder();
            int param = 0;
            for (char c : statement.sql().toCharArray()) {
                if (c != '?') {
                    sql.append(c);
                    continue;
                }
                if (param == statement.params().size()) {
                    throw new IllegalStateException("more ? than parameters in " + statement.sql());
                }
                Object value = statement.params().get(param++);
                if (value.equals(ReaderStatements.SENTINEL_TENANT)) {
                    sql.append(":tenant");
                } else if (value.equals(ReaderStatements.SENTINEL_ID)) {
                    sql.append(":id");
                } else if (value == ReaderStatements.SENTINEL_IDS) {
                    sql.append(":chosen_array");
                } else if (value.equals(listValue)) {
                    sql.append(":value");
                } else if (value instanceof Integer || value instanceof Long) {
                    String name = "p" + ++variables;
                    script.append("\\set ").append(name).append(' ').append(value).append('\n');
                    sql.append(':').append(name);
                } else {
                    throw new IllegalStateException("pgbench cannot pass the parameter " + param + " (" + value
                            .getClass().getSimpleName() + ") of " + statement.sql());
                }
            }
            if (param != statement.params().size()) {
                throw new IllegalStateException("fewer ? than parameters in " + statement.sql());
            }
            boolean chooses = i + 1 < statements.size()
                    && statements.get(i + 1).params().contains(ReaderStatements.SENTINEL_IDS);
            script.append(sql).append(chooses ? " \\gset chosen_\n" : ";\n");
        }
        return script.toString();
    }
}
