package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The PHI scan must be able to fail: it finds identifiers as text, in any case, and as calldata hex. */
class PhiCanariesTest {

    @Test
    void findsPlantedIdentifiersAsTextAndAsHex() throws Exception {
        String er7 = Files.readString(SharedHub.home().resolve("docker/samples/01-adt-a01-v25.hl7"));
        PhiCanaries canaries = PhiCanaries.from(List.of(er7));

        assertThat(canaries.foundIn("{\"family\":\"QUILLFEATHER\"}")).hasSize(1);
        assertThat(canaries.foundIn("born 1972-03-14")).hasSize(1);
        assertThat(canaries.foundIn("0x" + HexFormat.of().formatHex("MRN7731001".getBytes(StandardCharsets.UTF_8)))).hasSize(1);
        assertThat(canaries.foundIn(er7)).hasSizeGreaterThanOrEqualTo(8);
        assertThat(canaries.foundIn("{\"gender\":\"male\",\"birthDate\":\"1972\",\"postalCode\":\"150\"}")).isEmpty();
    }

    @Test
    void aChargesInsuranceNumbersAndGuarantorAreCanariesToo() throws Exception {
        String dft = Files.readString(SharedHub.home().resolve("docker/samples/22-dft-p03-v251.hl7"));
        PhiCanaries canaries = PhiCanaries.from(List.of(dft));

        assertThat(canaries.foundIn("member MBR-2290417")).hasSize(1);
        assertThat(canaries.foundIn("policy POL-55102")).hasSize(1);
        assertThat(canaries.foundIn("guarantor Osterhagen")).hasSize(1);
    }
}
