package org.careledger.mappings.deid;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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

    /** The message's own identifiers, lower-cased, longest first so "SMITH-JONES" goes as a whole rather than leaving "-JONES". */
    private final List<String> known;
    private final Collection<Pattern> patterns;

    public FreeTextScrubber(Collection<String> knownIdentifiers, Map<String, Pattern> patterns) {
        List<String> usable = new ArrayList<>();
        for (String v : knownIdentifiers) {
            String trimmed = v == null ? "" : v.trim().toLowerCase(Locale.ROOT);
            if (trimmed.length() >= SHORTEST_KNOWN && !usable.contains(trimmed)) {
                usable.add(trimmed);
            }
        }
        usable.sort(Comparator.comparingInt(String::length).reversed());
        this.known = List.copyOf(usable);
        this.patterns = patterns.values();
    }

    /** The text with every identifier replaced by {@value #MARK}; the same instance when nothing was found. */
    public String scrub(String text) {
        String out = scrubKnown(text);
        for (Pattern p : patterns) {
            out = replace(p, out);
        }
        return out;
    }

    /** The text with only the message's own identifiers replaced: for coded values, which patterns would damage. */
    public String scrubKnown(String text) {
        if (known.isEmpty() || text.isEmpty()) {
            return text;
        }
        // plain searches, not one regex of alternatives: the list is new for every message, and
        // compiling a pattern per message cost more than the mapping itself
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.length() != text.length()) {
            return scrubKnownByRegex(text);
        }
        StringBuilder out = null;
        for (String value : known) {
            int from = 0;
            int at;
            while ((at = lower.indexOf(value, from)) >= 0) {
                int end = at + value.length();
                from = at + 1;
                // a word boundary matters only at an edge of the value that is itself a letter or digit:
                // ")555-0187" is a whole value even right after "(412"
                boolean joinedLeft = isWordChar(value.charAt(0)) && at > 0 && isWordChar(lower.charAt(at - 1));
                boolean joinedRight = isWordChar(value.charAt(value.length() - 1)) && end < lower.length() && isWordChar(lower.charAt(end));
                if (joinedLeft || joinedRight) {
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder(text);
                }
                // blank the match in both copies (same length), so a shorter value cannot match inside it
                String mask = "\u0000".repeat(value.length());
                lower = lower.substring(0, at) + mask + lower.substring(end);
                out.replace(at, end, mask);
                from = end;
            }
        }
        return out == null ? text : out.toString().replaceAll("\u0000+", Matcher.quoteReplacement(MARK));
    }

    private String scrubKnownByRegex(String text) {
        String out = text;
        for (String value : known) {
            String left = Character.isLetterOrDigit(value.codePointAt(0)) ? "(?<![\\p{L}\\p{N}])" : "";
            String right = Character.isLetterOrDigit(value.codePointBefore(value.length())) ? "(?![\\p{L}\\p{N}])" : "";
            out = replace(Pattern.compile(left + Pattern.quote(value) + right, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE), out);
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c);
    }

    private static String replace(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? m.replaceAll(Matcher.quoteReplacement(MARK)) : text;
    }
}
