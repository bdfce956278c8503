package org.careledger.platform.secrets;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class PlaintextKafkaTest {

    private static Function<String, Optional<String>> config(Map<String, String> values) {
        return name -> Optional.ofNullable(values.get(name));
    }

    @Test
    void refusesKafkaInTheClearOutsideDev() {
        for (Map<String, String> values : List.of(Map.<String, String>of(), Map.of(PlaintextKafka.PROTOCOL, "PLAINTEXT"),
                Map.of(PlaintextKafka.PROTOCOL, "sasl_plaintext"))) {
            assertThatThrownBy(() -> PlaintextKafka.refuseOutsideDev(List.of("prod"), config(values)))
                    .as(values.toString())
                    .hasMessageContaining(PlaintextKafka.PROTOCOL);
        }
    }

    @Test
    void startsOnTlsInDevOrWhenTheNetworkEncrypts() {
        assertThatCode(() -> PlaintextKafka.refuseOutsideDev(List.of("prod"), config(Map.of(PlaintextKafka.PROTOCOL, "SASL_SSL"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> PlaintextKafka.refuseOutsideDev(List.of("prod"), config(Map.of(PlaintextKafka.PROTOCOL, " ssl "))))
                .doesNotThrowAnyException();
        assertThatCode(() -> PlaintextKafka.refuseOutsideDev(List.of("dev"), config(Map.of()))).doesNotThrowAnyException();
        assertThatCode(() -> PlaintextKafka.refuseOutsideDev(List.of("prod"), config(Map.of(PlaintextKafka.ALLOW, "true"))))
                .doesNotThrowAnyException();
    }
}
