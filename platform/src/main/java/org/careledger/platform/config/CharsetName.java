package org.careledger.platform.config;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;

import org.eclipse.microprofile.config.spi.Converter;

/**
 * Reads a charset setting, such as the one for HL7 messages whose MSH-18 is empty, so a name the
 * JVM does not know fails the start under its key rather than on the first message.
 */
public final class CharsetName implements Converter<Charset> {

    @Override
    public Charset convert(String value) {
        String trimmed = value.trim();
        if (trimmed.isEmpty()) {
            return null; // as for every converter: an empty value counts as not set
        }
        try {
            return Charset.forName(trimmed);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException unknown) {
            throw new IllegalArgumentException("expected a charset this JVM supports, such as UTF-8 or ISO-8859-1");
        }
    }
}
