package org.careledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The committed configuration references are what the generator makes of the apps' sources, and miss no key. */
class ConfigReferenceTest {

    private static final Pattern INJECTED = Pattern.compile("@ConfigProperty\\(name = \"([a-z0-9.-]+)\"");

    @Test
    void eachCommittedReferenceIsWhatTheGeneratorWritesFromTheSources() throws Exception {
        for (String app : ConfigReference.APPS) {
            String committed = Files.readString(SharedHub.home().resolve(app).resolve("CONFIGURATION.md"));

            assertThat(committed).as("%s/CONFIGURATION.md is stale: run ./careledger config-reference", app)
                    .isEqualTo(ConfigReference.render(SharedHub.home(), app));
        }
    }

    @Test
    void everyKeyAnAppReadsIsInItsReference() throws Exception {
        for (String app : ConfigReference.APPS) {
            Path sources = SharedHub.home().resolve(app).resolve("src/main/java");
            Set<String> read = new TreeSet<>(ConfigReference.typedKeys(sources).keySet());
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = INJECTED.matcher(Files.readString(file));
                    while (m.find()) {
                        read.add(m.group(1));
                    }
                }
            }
            String reference = ConfigReference.render(SharedHub.home(), app);

            assertThat(read).as("keys %s reads", app).isNotEmpty()
                    .allSatisfy(key -> assertThat(reference).as("%s/CONFIGURATION.md", app).contains("| `" + key + "` |"));
        }
    }

    @Test
    void aCommentDescribesTheKeysBelowItUntilABlankLineAndADevValueJoinsItsKey() {
        List<ConfigReference.Section> sections = ConfigReference.parse(List.of(
                "# --- intake ---",
                "# the listen address and port",
                "careledger.x.host=127.0.0.1",
                "careledger.x.port=2575",
                "%dev.careledger.x.port=12575",
                "",
                "# a secret, required outside dev",
                "# careledger.x.key=",
                "%dev.careledger.x.key=public",
                "careledger.x.undocumented=1"));

        ConfigReference.Section intake = sections.get(1);
        assertThat(intake.title()).isEqualTo("intake");
        assertThat(intake.groups()).hasSize(2);
        assertThat(intake.groups().get(0).meaning()).isEqualTo("the listen address and port");
        assertThat(intake.groups().get(0).keys()).containsExactly(
                new ConfigReference.Key("careledger.x.host", "127.0.0.1", false, null),
                new ConfigReference.Key("careledger.x.port", "2575", false, "12575"));
        assertThat(intake.groups().get(1).keys()).extracting(ConfigReference.Key::name)
                .containsExactly("careledger.x.key", "careledger.x.undocumented");
        assertThat(intake.groups().get(1).keys().get(0)).isEqualTo(new ConfigReference.Key("careledger.x.key", "", true, "public"));
    }

    @Test
    void aMappingsKeysAreNamedAsSmallRyeNamesThem() {
        assertThat(ConfigReference.kebab("maxMessageBytes")).isEqualTo("max-message-bytes");
        assertThat(ConfigReference.kebab("tls")).isEqualTo("tls");
    }
}
