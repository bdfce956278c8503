package org.careledger.mappings.phi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The leak scan must be able to fail: it finds what it was given, where it is, and says where it came from. */
class PhiScannerTest {

    private static final String ER7 = "MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5.1\r"
            + "PID|1||MRN5550001^^^H^MR||PEMBERTHY^ALISTAIR||19700102|M|||5 Kiln St^^Leeds^PA^15001||(412)555-0111\r"
            + "NK1|1|PEMBERTHY^ROSALIND\r";

    @Test
    void findsEachIdentifierWithItsSourceAndPointer() throws Exception {
        PhiScanner scanner = PhiScanner.ofHl7(ER7);
        var leaks = scanner.leaksIn(new ObjectMapper().readTree("{\"a\":[{\"b\":\"called Rosalind\"}],\"c\":\"born 1970-01-02\",\"d\":\"ok\"}"));
        assertThat(leaks).containsExactly("NK1-2.2 at /a/0/b", "PID-7 (ISO date) at /c");
        assertThat(scanner.firstLeakIn("MRN5550001")).contains("PID-3.1");
        assertThat(scanner.firstLeakIn("(412)555-0111")).contains("PID-13.1");
        assertThat(scanner.firstLeakIn("5 Kiln St")).contains("PID-11.1");
    }

    @Test
    void doesNotFlagWhatSafeHarborKeeps() {
        PhiScanner scanner = PhiScanner.ofHl7(ER7);
        assertThat(scanner.firstLeakIn("{\"gender\":\"male\",\"birthDate\":\"1970\",\"state\":\"PA\",\"postalCode\":\"150\"}")).isEmpty();
        assertThat(scanner.firstLeakIn("MRN55500012")).as("whole words only").isEmpty();
    }
}
