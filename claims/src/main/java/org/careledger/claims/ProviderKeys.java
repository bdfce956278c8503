package org.careledger.claims;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.careledger.contracts.SigningKeys;
import org.web3j.crypto.Credentials;

/**
 * The providers' payment keys this process signs claims with, by provider id: one configured pair
 * ({@code careledger.claims.provider-id} and {@code provider-key}), and one file per provider in a
 * directory, named {@code <provider-id>.key} (hex) or {@code <provider-id>.pem} (SEC1 or PKCS#8).
 * A provider whose key is not here is not refused: its claims wait for the process that holds it.
 */
public final class ProviderKeys {

    private ProviderKeys() {
    }

    public static Map<String, Credentials> load(Optional<String> providerId, Optional<String> providerKey, Optional<Path> directory) {
        Map<String, Credentials> keys = new TreeMap<>();
        if (providerId.filter(id -> !id.isBlank()).isPresent() && providerKey.filter(k -> !k.isBlank()).isPresent()) {
            keys.put(providerId.get().trim(), SigningKeys.load(Optional.empty(), Optional.empty(), Optional.empty(), providerKey));
        }
        directory.ifPresent(dir -> {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(Files::isRegularFile).sorted().forEach(file -> {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".key")) {
                        keys.put(strip(name, ".key"), SigningKeys.load(Optional.empty(), Optional.empty(), Optional.empty(),
                                Optional.of(read(file))));
                    } else if (name.endsWith(".pem")) {
                        keys.put(strip(name, ".pem"), SigningKeys.load(Optional.empty(), Optional.empty(), Optional.of(file),
                                Optional.empty()));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("careledger.claims.provider-key-dir cannot be listed", e);
            }
        });
        return keys;
    }

    private static String strip(String name, String suffix) {
        return name.substring(0, name.length() - suffix.length());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("a provider key file cannot be read: " + file.getFileName(), e);
        }
    }
}
