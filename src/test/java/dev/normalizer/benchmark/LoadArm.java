package dev.normalizer.benchmark;

import dev.normalizer.auth.Roles;
import dev.normalizer.readpath.FlagState;
import dev.normalizer.readpath.ReadPath;
import dev.normalizer.testsupport.Api;
import dev.normalizer.testsupport.Tokens;
import java.nio.file.Path;
import java.util.List;

/**
 * One arm of the load: an endpoint, and who answers it. The service, with or without the audit of reads, for a
 * caller whom the test flag file puts in one state of the flag; the thin Node server; or pgbench, running the
 * statements behind the endpoint on the path of {@code state}, or a row of the flat table.
 */
record LoadArm(Endpoint endpoint, Server server, FlagState state, boolean audited) {

    /** The states of the flag that answer from one path alone: the read paths, as the load compares them. */
    static final List<FlagState> PATHS = List.of(FlagState.LEGACY, FlagState.NORMALIZED);

    /**
     * What an arm requests: a path with one {@code %s}, filled from a file of values; {@code filter} is the list's,
     * null for a patient by id.
     */
    record Endpoint(String label, String template, Path values, ListFilter filter) {

        String shortLabel() {
            return filter == null ? "by id" : filter.label() + " list";
        }
    }

    enum Server {
        SERVICE("the service"),
        THIN("thin Node server"),
        PGBENCH("pgbench, as the service's role"),
        PGBENCH_FLAT("pgbench, as the owner");

        private final String label;

        Server(String label) {
            this.label = label;
        }
    }

    static LoadArm service(Endpoint endpoint, FlagState state, boolean audited) {
        return new LoadArm(endpoint, Server.SERVICE, state, audited);
    }

    static LoadArm thin(Endpoint endpoint) {
        return new LoadArm(endpoint, Server.THIN, null, false);
    }

    static LoadArm pgbench(Endpoint endpoint, FlagState state) {
        return new LoadArm(endpoint, Server.PGBENCH, state, false);
    }

    static LoadArm flat(Endpoint endpoint) {
        return new LoadArm(endpoint, Server.PGBENCH_FLAT, null, false);
    }

    String serverLabel() {
        return server.label;
    }

    /** What answers: a state of the flag, the legacy view, the flat table, or a path's statements. */
    String what() {
        return switch (server) {
            case SERVICE -> state.label();
            case THIN -> "the legacy view";
            case PGBENCH_FLAT -> "a row of the flat table (the limit)";
            case PGBENCH -> "the " + state.label() + (endpoint.filter() == null ? " path's statement"
                    : " path's statements: the page's total and ids, then its records");
        };
    }

    /** The arm in a few words, as a chart's legend names it. */
    String series() {
        return switch (server) {
            case SERVICE -> "service, " + state.label();
            case THIN -> "thin Node server";
            case PGBENCH_FLAT -> "pgbench, flat table (the limit)";
            case PGBENCH -> "pgbench, " + state.label() + " statement";
        };
    }

    String label() {
        return endpoint.label() + ", " + serverLabel() + ", " + what() + (server == Server.SERVICE && !audited
                ? ", audit of reads off" : "");
    }

    /** A clinician of tenant 1 whom the test flag file puts in the arm's state (any other arm ignores it). */
    String token() {
        String user = switch (state == null ? FlagState.LEGACY : state) {
            case LEGACY -> Api.user(ReadPath.LEGACY);
            case NORMALIZED -> Api.user(ReadPath.NORMALIZED);
            case SHADOW -> Api.SHADOW_USER;
        };
        return Tokens.of(user, 1, Roles.CLINICIAN);
    }
}
