package org.careledger.connectors.hl7;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Messages whose MSH is damaged at random: MSH-1, MSH-2 and other header fields replaced by short
 * strings of delimiters, letters, digits, spaces, control and non-ASCII characters. MSH-15 and MSH-16
 * are left alone, because they decide whether an answer is due at all. Public so that the
 * end-to-end suite sends the same damage over a real MLLP socket.
 */
public final class DamagedHeaders {

    /** Characters that break delimiter handling: HL7's own, letters, digits, blanks, NUL, DEL, Latin-1. */
    private static final char[] NASTY = "|^~\\&#!*@$%{}<>'\"= \tAZaz09\u0000\u0001\u007f\u00e9\u00ff".toCharArray();
    private static final Set<String> CODES = Set.of("AA", "AE", "AR", "CA", "CE", "CR");
    private static final int[] FIELDS = {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 17, 18, 19, 20, 21};

    private DamagedHeaders() {
    }

    /** One field's damage: which MSH field (1 and 2 included) and what replaces it. */
    public record Damage(int field, String value) {
    }

    public static Arbitrary<List<Damage>> damages() {
        Arbitrary<String> value = Arbitraries.strings().withChars(NASTY).ofMinLength(0).ofMaxLength(7);
        Arbitrary<Integer> field = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(1)),
                net.jqwik.api.Tuple.of(4, Arbitraries.just(2)),
                net.jqwik.api.Tuple.of(6, Arbitraries.of(toList(FIELDS))));
        return Combinators.combine(field, value).as(Damage::new).list().ofMinSize(1).ofMaxSize(4);
    }

    /**
     * The message with its MSH damaged. MSH-1 is one character (the first of the value, or none);
     * MSH-n for n ≥ 2 is the n-1st field after the separator, padded when the header is shorter.
     */
    public static String apply(String message, List<Damage> damages) {
        int end = message.indexOf('\r');
        String msh = message.substring(0, end);
        String rest = message.substring(end);
        List<String> fields = new ArrayList<>(List.of(msh.substring(4).split("\\|", -1)));
        String separator = "|";
        for (Damage d : damages) {
            if (d.field() == 1) {
                separator = d.value().isEmpty() ? "" : d.value().substring(0, 1);
                continue;
            }
            int index = d.field() - 2;
            while (fields.size() <= index) {
                fields.add("");
            }
            fields.set(index, d.value());
        }
        return "MSH" + separator + String.join(separator, fields) + rest;
    }

    /**
     * Whether an answer is due at all: an ACK is never acknowledged, and MSH-15 NE, ER or SU may ask
     * for none. Damage that makes a message read that way is not a message left unanswered.
     */
    public static boolean answerIsDue(byte[] raw) {
        return Hl7Header.read(raw).map(h -> !h.messageCode().equals("ACK")
                && Set.of("", "AL").contains(h.acceptAckType().trim())).orElse(true);
    }

    /**
     * Exactly one MSA, with a code of table 0008, in an answer that starts with MSH, and nothing of
     * the fixture patient's (names, MRN, street).
     */
    public static void assertOneMsa(byte[] ack) {
        assertThat(ack).as("an answer").isNotNull();
        String text = new String(ack, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("MSH");
        String separator = String.valueOf(text.charAt(3));
        List<String[]> msas = Arrays.stream(text.split("[\r\n]+")).filter(segment -> segment.startsWith("MSA" + separator))
                .map(segment -> segment.split(Pattern.quote(separator), -1)).toList();
        assertThat(msas).as("MSA segments in %s", text.replace('\r', '\n')).hasSize(1);
        assertThat(msas.get(0)[1]).isIn(CODES);
        assertThat(text).as("no message content in the answer").doesNotContain("Quillfeather", "MRN7731001", "Larkspur");
    }

    private static List<Integer> toList(int[] values) {
        List<Integer> list = new ArrayList<>();
        for (int v : values) {
            list.add(v);
        }
        return list;
    }
}
