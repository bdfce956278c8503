package org.careledger.connectors.mllp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class MllpSenderBindingTest {

    private final MllpSenderBinding binding = new MllpSenderBinding(List.of("epic-interface", " Lab-Interface "));

    @Test
    void aBoundCommonNameIsAdmittedWhateverTheRestOfTheSubject() {
        assertThat(binding.admits("CN=epic-interface, O=St Marys, C=US")).isTrue();
        assertThat(binding.admits("O=St Marys,CN=LAB-INTERFACE")).isTrue();
    }

    @Test
    void anotherSenderNoCertificateAndAmbiguousSubjectsAreRefused() {
        assertThat(binding.admits("CN=rogue-interface, O=St Marys")).isFalse();
        assertThat(binding.admits(null)).isFalse();
        assertThat(binding.admits("O=St Marys")).isFalse();
        assertThat(binding.admits("CN=epic-interface, CN=rogue-interface")).isFalse();
        assertThat(binding.admits("not a distinguished name")).isFalse();
        assertThat(binding.admits("CN=epic-interface-2")).isFalse();
    }

    @Test
    void withoutNamesEverySenderIsAdmitted() {
        assertThat(new MllpSenderBinding(List.of()).admits(null)).isTrue();
        assertThat(new MllpSenderBinding(List.of()).binds()).isFalse();
    }
}
