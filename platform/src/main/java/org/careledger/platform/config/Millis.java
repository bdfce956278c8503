package org.careledger.platform.config;

import java.time.Duration;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * Reads a {@code ...-ms} setting as a {@link Duration}. The keys keep their millisecond names and
 * values, which deployments and the Camel routes' placeholders already use, while the code gets a
 * typed, non-negative duration. A value that is not a whole number of milliseconds fails the start,
 * and the configuration reports it under its key.
 */
public final class Millis implements Converter<Duration> {

    @Override
    public Duration convert(String value) {
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            return null; // as for every converter: an empty value counts as not set
        }
        long millis;
        try {
            millis = Long.parseLong(trimmed);
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("expected a whole number of milliseconds");
        }
        if (millis < 0) {
            throw new IllegalArgumentException("expected zero or more milliseconds");
        }
        return Duration.ofMillis(millis);
    }
}
