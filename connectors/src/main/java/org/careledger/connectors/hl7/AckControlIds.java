package org.careledger.connectors.hl7;

import java.util.concurrent.atomic.AtomicLong;

import ca.uhn.hl7v2.util.idgenerator.IDGenerator;

/**
 * Control ids for the ACKs we send: a counter seeded from the clock in microseconds, so ids are
 * unique across restarts without HAPI's default of a counter file in the working directory.
 * Sixteen digits fit MSH-10's 20-character limit in every version.
 */
final class AckControlIds implements IDGenerator {

    private final AtomicLong next = new AtomicLong(System.currentTimeMillis() * 1000);

    @Override
    public String getID() {
        return Long.toString(next.incrementAndGet());
    }
}
