package dev.normalizer.migration;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public schema as sorted lines of text, for comparing two databases: relations with their privileges, row
 * security and policies, columns in order with type,
 * NOT NULL, default and comment, constraints, indexes, triggers, views, sequences with their owner, functions.
 * Flyway's history table is left out; so are the bulk generators' helper functions of the test fixture.
 */
final class SchemaCatalog {

    private static final String DESCRIBE = """
            WITH rel AS (
              -- Privileges in a canonical order, and the owner's default the same whether stored or implied (NULL):
              -- a GRANT and its REVOKE (V9 and D9) leave it stored, and may reorder it.
              SELECT c.oid, c.relname, c.relkind, c.reloptions, c.relrowsecurity,
                     (SELECT array_agg(a::text ORDER BY a::text) FROM unnest(coalesce(c.relacl, acldefault(
                        CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END::"char", c.relowner))) a) AS relacl
              FROM pg_class c
              WHERE c.relnamespace = 'public'::regnamespace AND c.relname NOT LIKE 'flyway\\_schema\\_history%'
            )
            SELECT line FROM (
              SELECT format('relation %s kind %s acl %s options %s row security %s comment %s', r.relname, r.relkind,
                            r.relacl, r.reloptions, r.relrowsecurity, obj_description(r.oid, 'pg_class')) AS line
              FROM rel r
              UNION ALL
              SELECT format('policy %s on %s for %s using %s with check %s', p.polname, r.relname, p.polcmd,
                            pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid))
              FROM pg_policy p JOIN rel r ON r.oid = p.polrelid
              UNION ALL
              SELECT format('column %s #%s %s %s%s default %s comment %s', r.relname,
                            row_number() OVER (PARTITION BY r.oid ORDER BY a.attnum), a.attname,
                            format_type(a.atttypid, a.atttypmod), CASE WHEN a.attnotnull THEN ' not null' ELSE '' END,
                            pg_get_expr(d.adbin, d.adrelid), col_description(r.oid, a.attnum))
              FROM rel r JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              WHERE r.relkind IN ('r', 'v', 'm', 'p')
              UNION ALL
              SELECT format('constraint %s on %s: %s', co.conname, r.relname, pg_get_constraintdef(co.oid))
              FROM pg_constraint co JOIN rel r ON r.oid = co.conrelid
              UNION ALL
              SELECT format('index %s', pg_get_indexdef(i.indexrelid)) FROM pg_index i JOIN rel r ON r.oid = i.indrelid
              UNION ALL
              SELECT format('trigger %s', pg_get_triggerdef(t.oid))
              FROM pg_trigger t JOIN rel r ON r.oid = t.tgrelid WHERE NOT t.tgisinternal
              UNION ALL
              SELECT format('view %s: %s', r.relname, pg_get_viewdef(r.oid)) FROM rel r WHERE r.relkind IN ('v', 'm')
              UNION ALL
              SELECT format('sequence %s %s start %s increment %s min %s max %s cache %s cycle %s owned by %s',
                            r.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
                            s.seqcache, s.seqcycle,
                            (SELECT format('%s.%s', a.attrelid::regclass, a.attname) FROM pg_depend dp
                             JOIN pg_attribute a ON a.attrelid = dp.refobjid AND a.attnum = dp.refobjsubid
                             WHERE dp.classid = 'pg_class'::regclass AND dp.objid = r.oid
                               AND dp.refclassid = 'pg_class'::regclass AND dp.deptype IN ('a', 'i')))
              FROM rel r JOIN pg_sequence s ON s.seqrelid = r.oid
              UNION ALL
              SELECT format('function %s(%s) returns %s: %s security definer %s config %s acl %s', p.proname,
                            pg_get_function_identity_arguments(p.oid), pg_get_function_result(p.oid), md5(p.prosrc),
                            p.prosecdef, p.proconfig, (SELECT array_agg(a::text ORDER BY a::text)
                                                       FROM unnest(coalesce(p.proacl, acldefault('f', p.proowner))) a))
              FROM pg_proc p
              WHERE p.pronamespace = 'public'::regnamespace
                AND p.proname NOT LIKE 'legacy\\_gen\\_%' AND p.proname NOT LIKE 'legacy\\_cust\\_%'
                AND p.proname NOT LIKE 'generate\\_legacy\\_%'
            ) x ORDER BY line COLLATE "C"
            """;

    private SchemaCatalog() {
    }

    static List<String> describe(Connection c) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(DESCRIBE)) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return lines;
    }

    /** md5 of every base table of the public schema, Flyway's history included, over its rows' text. */
    static Map<String, String> checksums(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT table_name "
                + "FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
                + "ORDER BY table_name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        Map<String, String> checksums = new LinkedHashMap<>();
        for (String table : tables) {
            checksums.put(table, MigrationDb.string(c, "SELECT count(*) || ' rows, md5 ' "
                    + "|| coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE \"C\")), '-') FROM public.\""
                    + table + "\" t"));
        }
        return checksums;
    }
}
