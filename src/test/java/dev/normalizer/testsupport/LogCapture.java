package dev.normalizer.testsupport;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * What a logger and those below it log while the capture is open: each record as the console shows it, its message
 * formatted and its exception chain printed, so that a test can search the log for what must, or must never, be in it.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<String> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        logger.addHandler(this);
    }

    /** Captures the logger of this name (the root logger for {@code ""}) until {@link #close}. */
    public static LogCapture of(String loggerName) {
        return new LogCapture(Logger.getLogger(loggerName));
    }

    /** Whether any record so far holds {@code text}. */
    public boolean contains(String text) {
        return records.stream().anyMatch(record -> record.contains(text));
    }

    /** The records so far that hold {@code text}. */
    public List<String> matching(String text) {
        return records.stream().filter(record -> record.contains(text)).toList();
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder text = new StringBuilder(record instanceof ExtLogRecord ext ? ext.getFormattedMessage()
                : String.valueOf(record.getMessage()));
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            text.append('\n').append(trace);
        }
        records.add(text.toString());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }

    @Override
    public String toString() {
        return String.join("\n", records);
    }
}
