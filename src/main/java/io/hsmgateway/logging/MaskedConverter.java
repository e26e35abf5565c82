package io.hsmgateway.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/**
 * Logback's {@code %masked(...)}: the wrapped pattern (message and stack trace) with secrets and personal
 * data masked by {@link LogMasking}. Put around the whole line by {@link io.hsmgateway.LogConfiguration}.
 */
public class MaskedConverter extends CompositeConverter<ILoggingEvent> {

    @Override
    protected String transform(ILoggingEvent event, String in) {
        if (event.getMarkerList() != null && event.getMarkerList().contains(LogMasking.SHOWN_ONCE)) {
            return in;
        }
        return LogMasking.mask(in);
    }
}
