package org.careledger.platform.secrets;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PublicDevValuesTest {

    private static final Map<String, Set<String>> PUBLIC = new LinkedHashMap<>();

    static {
        PUBLIC.put("careledger.raw.key", Set.of("cHVibGljLXJhdy1rZXk="));
        PUBLIC.put("careledger.ledger.private-key", Set.of("0xAC0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"));
    }

    @Test
    void eachPublicValueOutsideDevIsRefusedByNameAndNeverQuoted() {
        for (String setting : PUBLIC.keySet()) {
            String value = PUBLIC.get(setting).iterator().next();
            assertThatThrownBy(() -> PublicDevValues.refuseOutsideDev(List.of("prod"), PUBLIC,
                    name -> name.equals(setting) ? Optional.of(value) : Optional.of("a-real-secret-" + name)))
                    .hasMessageContaining(setting)
                    .hasMessageNotContaining(value);
        }
    }

    @Test
    void aHexKeyInAnotherCaseOrWithoutItsPrefixIsStillAPublicValue() {
        assertThatThrownBy(() -> PublicDevValues.refuseOutsideDev(List.of("prod"), PUBLIC,
                name -> Optional.of(" ac0974BEC39A17E36BA4A6B4D238FF944BACB478CBED5EFCAE784D7BF4F2FF80 ")))
                .hasMessageContaining("careledger.ledger.private-key");
    }

    @Test
    void theDevProfileAdmitsThemAndOwnSecretsPassEverywhere() {
        assertThatCode(() -> PublicDevValues.refuseOutsideDev(List.of("dev"), PUBLIC,
                name -> Optional.of(PUBLIC.get(name).iterator().next()))).doesNotThrowAnyException();
        assertThatCode(() -> PublicDevValues.refuseOutsideDev(List.of("prod"), PUBLIC,
                name -> Optional.of("own-" + name))).doesNotThrowAnyException();
        assertThatCode(() -> PublicDevValues.refuseOutsideDev(List.of("prod"), PUBLIC,
                name -> Optional.empty())).doesNotThrowAnyException();
    }
}
