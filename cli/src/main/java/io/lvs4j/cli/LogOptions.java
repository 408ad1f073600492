package io.lvs4j.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code run --log-level} and {@code --log-format}: one line per event on stderr, text or JSON, for journald. */
public final class LogOptions {
    /** Logback's levels, as written on the command line. */
    enum LogLevel { error, warn, info, debug, trace }

    enum LogFormat { text, json }

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "error, warn, info, debug or trace (default: $LVS4J_LOG_LEVEL, else info).")
    LogLevel level;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default: one line per event, no colours) or json (one JSON object per line,"
                    + " logback's JsonEncoder).")
    LogFormat format;

    /** Reconfigures logback's root logger (logback.xml set up the text appender). */
    void apply() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (level != null) {
            root.setLevel(Level.toLevel(level.name()));
        }
        if (format == LogFormat.json) {
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(context);
            // the message as the text log shows it, without the encoder's per-context noise
            encoder.setWithFormattedMessage(true);
            encoder.setWithMessage(false);
            encoder.setWithArguments(false);
            encoder.setWithContext(false);
            encoder.setWithSequenceNumber(false);
            encoder.start();
            ConsoleAppender<ILoggingEvent> json = new ConsoleAppender<>();
            json.setContext(context);
            json.setName("JSON");
            json.setTarget("System.err");
            json.setEncoder(encoder);
            json.start();
            root.detachAndStopAllAppenders();
            root.addAppender(json);
        }
    }
}
