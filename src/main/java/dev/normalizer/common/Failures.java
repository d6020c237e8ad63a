package dev.normalizer.common;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A failure as the log may show it: exception classes, SQLStates and stack frames, never messages. A message can
 * carry a request's values: PostgreSQL's "Failing row contains (...)", a cast error's input, a batch entry's
 * parameters. So no patient or customer value reaches the log through an exception.
 */
public final class Failures {

    /** Deep enough for any real cause chain, and an end to a cyclic one. */
    private static final int MAX_CAUSES = 20;

    private Failures() {
    }

    /** The classes of the cause chain, outermost first, each with its SQLState if it has one. */
    public static String describe(Throwable e) {
        List<String> chain = new ArrayList<>();
        for (Throwable cause = e; cause != null && chain.size() < MAX_CAUSES; cause = cause.getCause()) {
            chain.add(name(cause));
        }
        return String.join(" < ", chain);
    }

    /** A copy of the cause chain with each message replaced by {@link #describe}'s name, to log with its stack. */
    public static Throwable withoutMessages(Throwable e) {
        return copy(e, 0);
    }

    private static Throwable copy(Throwable e, int depth) {
        Throwable cause = e.getCause() != null && depth < MAX_CAUSES ? copy(e.getCause(), depth + 1) : null;
        Scrubbed copy = new Scrubbed(name(e), cause);
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    private static String name(Throwable e) {
        String state = e instanceof SQLException sql && sql.getSQLState() != null
                ? " (SQLState " + sql.getSQLState() + ")" : "";
        return e.getClass().getName() + state;
    }

    /** Prints as the name it was given, without a class name of its own. */
    private static final class Scrubbed extends RuntimeException {

        Scrubbed(String name, Throwable cause) {
            super(name, cause, false, true);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
