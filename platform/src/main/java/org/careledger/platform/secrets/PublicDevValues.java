package org.careledger.platform.secrets;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.careledger.crypto.KeyRing;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Refuses, outside the dev profile, any setting whose value is one of the development values this
 * repository publishes (keys in application.properties, anvil's mnemonic keys): anyone can read
 * them, so a production hub using one has no secret at all. A public vault key, for one, makes
 * every public ID traceable back to its MRN.
 */
public final class PublicDevValues {

    private PublicDevValues() {
    }

    /**
     * The settings, in the order given, whose configured value is one of its public values. Values
     * compare without surrounding blanks, case and a leading {@code 0x}, so a hex key written in
     * another case is still caught.
     */
    public static List<String> inUse(Map<String, Set<String>> publicValues, Function<String, Optional<String>> configured) {
        List<String> found = new ArrayList<>();
        publicValues.forEach((setting, values) -> configured.apply(setting).map(PublicDevValues::normalise)
                .filter(value -> values.stream().map(PublicDevValues::normalise).anyMatch(value::equals))
                .ifPresent(value -> found.add(setting)));
        return found;
    }

    /**
     * Throws, naming every such setting but never its value, unless the dev profile is active.
     */
    public static void refuseOutsideDev(List<String> profiles, Map<String, Set<String>> publicValues,
                                        Function<String, Optional<String>> configured) {
        if (profiles.contains("dev")) {
            return;
        }
        List<String> found = inUse(publicValues, configured);
        if (!found.isEmpty()) {
            throw new IllegalStateException("refusing to start outside the dev profile: " + String.join(", ", found)
                    + (found.size() == 1 ? " is set to a public development value" : " are set to public development values")
                    + "; set your own secret (SECURITY.md)");
        }
    }

    /**
     * The values any configuration source gives {@code %dev.<setting>}: the public dev values, kept
     * in one place (application.properties) rather than copied here.
     */
    public static Set<String> devProfileValues(Iterable<? extends ConfigSource> sources,
                                               String setting) {
        Set<String> values = new HashSet<>();
        for (var source : sources) {
            String value = source.getValue("%dev." + setting);
            if (value != null && !value.isBlank()) {
                values.add(value);
            }
        }
        return values;
    }

    /**
     * The first key of a retired-keys list ({@code id:base64,...}) that is one of the public values:
     * a public key kept as a retired one still opens what it sealed, so it counts as in use.
     */
    public static Optional<String> retiredAmong(String listName, Optional<String> list, Set<String> publicValues) {
        return KeyRing.retiredEntries(listName, list).values().stream().filter(publicValues::contains).findFirst();
    }

    private static String normalise(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.startsWith("0x") ? v.substring(2) : v;
    }
}
