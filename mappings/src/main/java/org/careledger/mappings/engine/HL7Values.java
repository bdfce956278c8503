package org.careledger.mappings.engine;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Conversions from HL7 v2 primitive values to FHIR primitive values. */
public final class HL7Values {

    private static final Pattern DTM = Pattern.compile(
            "(\\d{4})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:(\\d{2})(?:\\.\\d{1,4})?)?)?)?)?)?([+-]\\d{4})?");

    private HL7Values() {
    }

    /** HL7 DT/DTM to a FHIR date at the precision given, or null when it is not a date. */
    public static String date(String hl7) {
        Matcher m = DTM.matcher(hl7);
        if (!m.matches()) {
            return null;
        }
        StringBuilder out = new StringBuilder(m.group(1));
        if (m.group(2) != null) {
            out.append('-').append(m.group(2));
            if (m.group(3) != null) {
                out.append('-').append(m.group(3));
            }
        }
        return out.toString();
    }

    /**
     * HL7 DTM to a FHIR dateTime. FHIR requires a zone whenever a time is given, so a time without
     * an offset keeps only its date.
     */
    public static String dateTime(String hl7) {
        Matcher m = DTM.matcher(hl7);
        if (!m.matches()) {
            return null;
        }
        String date = date(hl7.substring(0, Math.min(hl7.length(), 8)).replaceAll("[+-].*", ""));
        String zone = m.group(7);
        if (m.group(4) == null || zone == null || m.group(3) == null) {
            return date;
        }
        String minutes = m.group(5) == null ? "00" : m.group(5);
        String seconds = m.group(6) == null ? "00" : m.group(6);
        return date + "T" + m.group(4) + ":" + minutes + ":" + seconds + zone.substring(0, 3) + ":" + zone.substring(3);
    }

    private static final Pattern HEX_ESCAPE = Pattern.compile("\\\\X((?:[0-9A-Fa-f]{2})+)\\\\");

    /**
     * Decodes {@code \Xhh..\} escapes, which HAPI leaves as they are: a value written as
     * {@code SM\X49\TH} is the name SMITH to any reader that decodes it, so it must be seen as one.
     * Bytes are read as ISO-8859-1, one character each; a control character decodes to a space.
     */
    public static String decodeHexEscapes(String hl7) {
        if (hl7.indexOf('\\') < 0) {
            return hl7;
        }
        Matcher m = HEX_ESCAPE.matcher(hl7);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String hex = m.group(1);
            StringBuilder decoded = new StringBuilder();
            for (int i = 0; i < hex.length(); i += 2) {
                char c = (char) Integer.parseInt(hex.substring(i, i + 2), 16);
                decoded.append(Character.isISOControl(c) ? ' ' : c);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(decoded.toString()));
        }
        return m.appendTail(out).toString();
    }

    public static BigDecimal decimal(String hl7) {
        try {
            return new BigDecimal(hl7.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
