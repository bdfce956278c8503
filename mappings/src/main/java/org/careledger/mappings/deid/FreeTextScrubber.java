package org.careledger.mappings.deid;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes identifiers from free text: every identifier the message itself carries (names, MRNs,
 * phone numbers, streets...), wherever it appears and in any case, and every match of the policy's
 * patterns (SSN, phone, e-mail, URL, IP address, dates).
 */
public final class FreeTextScrubber {

    public static final String MARK = "[REDACTED]";
    /** Shorter known values (initials, two-letter states) would remove ordinary words. */
    private static final int SHORTEST_KNOWN = 3;

    private final Pattern known;
    private final Collection<Pattern> patterns;

    public FreeTextScrubber(Collection<String> knownIdentifiers, Map<String, Pattern> patterns) {
        this.known = alternation(knownIdentifiers);
        this.patterns = patterns.values();
    }

    private static Pattern alternation(Collection<String> values) {
        List<String> usable = new ArrayList<>();
        for (String v : values) {
            String trimmed = v == null ? "" : v.trim();
            if (trimmed.length() >= SHORTEST_KNOWN && !usable.contains(trimmed)) {
                usable.add(trimmed);
            }
        }
        if (usable.isEmpty()) {
            return null;
        }
        // longest first, so "SMITH-JONES" goes as a whole rather than leaving "-JONES"
        usable.sort(Comparator.comparingInt(String::length).reversed());
        StringBuilder regex = new StringBuilder("(?<![\\p{L}\\p{N}])(?:");
        for (int i = 0; i < usable.size(); i++) {
            regex.append(i == 0 ? "" : "|").append(Pattern.quote(usable.get(i)));
        }
        return Pattern.compile(regex.append(")(?![\\p{L}\\p{N}])").toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** The text with every identifier replaced by {@value #MARK}; the same instance when nothing was found. */
    public String scrub(String text) {
        String out = text;
        if (known != null) {
            out = replace(known, out);
        }
        for (Pattern p : patterns) {
            out = replace(p, out);
        }
        return out;
    }

    /** The text with only the message's own identifiers replaced: for coded values, which patterns would damage. */
    public String scrubKnown(String text) {
        return known == null ? text : replace(known, text);
    }

    private static String replace(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.replaceAll(Matcher.quoteReplacement(MARK)) : text;
    }
}
