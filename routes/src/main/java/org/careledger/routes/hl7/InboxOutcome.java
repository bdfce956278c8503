package org.careledger.routes.hl7;

import java.util.List;

/**
 * What becomes of an inbox file once each of its messages was answered. Only a file whose every
 * message is stored leaves the inbox for good. A message answered AE was not stored, and trying the
 * file again can succeed (its stored messages are then recognised as resends); a message answered AR
 * was refused for what it is, and no retry can change that, so such a file waits in {@code .error/}
 * for a person. The reason names counts and codes only, never message content.
 */
record InboxOutcome(Kind kind, String reason) {

    enum Kind { DONE, RETRY, ERROR }

    /** {@code codes}: MSA-1 of each answer; {@code attempt}: 1 for the first reading. */
    static InboxOutcome of(List<String> codes, int attempt, int maxAttempts) {
        long notStored = codes.stream().filter(c -> c.equals("AE") || c.equals("CE")).count();
        long refused = codes.stream().filter(c -> c.equals("AR") || c.equals("CR")).count();
        int total = codes.size();
        if (notStored > 0) {
            if (attempt < maxAttempts) {
                return new InboxOutcome(Kind.RETRY, notStored + " of " + total + " messages were not stored (AE) on attempt "
                        + attempt + " of " + maxAttempts);
            }
            return new InboxOutcome(Kind.ERROR, notStored + " of " + total + " messages were still not stored (AE) after "
                    + maxAttempts + " attempts" + (refused > 0 ? "; " + refused + " were refused (AR)" : ""));
        }
        if (refused > 0) {
            return new InboxOutcome(Kind.ERROR, refused + " of " + total
                    + " messages were refused (AR): sending them again cannot succeed; the others are stored");
        }
        return new InboxOutcome(Kind.DONE, total + " messages stored");
    }
}
