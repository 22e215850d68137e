package dev.ringback.application.testing;

import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The lines a class logs (through the JDK's logging, as System.Logger does by default) while an action runs. */
public final class LoggedLines {
    private LoggedLines() {}

    /** The lines {@code source} logs at {@code atLeast} or above while {@code action} runs, formatted. */
    public static List<String> of(Class<?> source, Level atLeast, Runnable action) {
        Logger logger = Logger.getLogger(source.getName());
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(capture);
        try {
            action.run();
        } finally {
            logger.removeHandler(capture);
        }
        return records.stream()
                .filter(r -> r.getLevel().intValue() >= atLeast.intValue())
                .map(r -> r.getParameters() == null ? r.getMessage() : MessageFormat.format(r.getMessage(), r.getParameters()))
                .toList();
    }
}
