package io.keysmith.lambda.log;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * A logger that writes through {@link JsonLog}: INFO and above for Keysmith's own loggers, WARN and
 * above for libraries (the AWS SDK is chatty at INFO). Key-value pairs become top-level fields.
 */
final class JsonLogger extends LegacyAbstractLogger implements LoggingEventAware {
    private final Level threshold;

    JsonLogger(String name) {
        this.name = name;
        this.threshold = name.startsWith("io.keysmith") ? Level.INFO : Level.WARN;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
            Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
        JsonLog.write(level, name, MessageFormatter.basicArrayFormat(pattern, arguments), null, throwable);
    }

    /** The fluent API's events, with their key-value pairs. */
    @Override
    public void log(LoggingEvent event) {
        if (enabled(event.getLevel())) {
            JsonLog.write(
                    event.getLevel(),
                    name,
                    MessageFormatter.basicArrayFormat(event.getMessage(), event.getArgumentArray()),
                    event.getKeyValuePairs(),
                    event.getThrowable());
        }
    }
}
