package dev.resultstore.impl;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what ResultStore logs (all levels) until closed. */
final class LogCapture extends Handler implements AutoCloseable {

    final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger("dev.resultstore");
    private final Level level = logger.getLevel();

    LogCapture() {
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Each record as its message followed by its parameters. */
    List<String> lines() {
        return records.stream()
                .map(r -> r.getMessage() + " " + java.util.Arrays.toString(r.getParameters())
                        + (r.getThrown() == null ? "" : " " + r.getThrown()))
                .toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(level);
    }
}
