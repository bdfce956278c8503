package org.careledger.connectors.mllp;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Which mutual-TLS senders may send on this listener's feed: the common names (CN) of their client
 * certificates' subjects. TLS already proved the certificate chains to a trusted CA; this decides
 * whether that sender is bound to this feed, so one hospital's interface engine cannot post into
 * another's feed with its own valid certificate. No names configured means no binding.
 */
public final class MllpSenderBinding {

    private final Set<String> commonNames;

    public MllpSenderBinding(List<String> commonNames) {
        this.commonNames = commonNames.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public boolean binds() {
        return !commonNames.isEmpty();
    }

    /**
     * Whether a connection whose client certificate has this subject (as camel-mllp reports it,
     * {@code X500Principal.toString()}; null on a connection without one) may send on this feed.
     */
    public boolean admits(String subject) {
        if (!binds()) {
            return true;
        }
        return commonName(subject).map(cn -> commonNames.contains(cn.toLowerCase(Locale.ROOT))).orElse(false);
    }

    static Optional<String> commonName(String subject) {
        if (subject == null || subject.isBlank()) {
            return Optional.empty();
        }
        try {
            LdapName name = new LdapName(new X500Principal(subject).getName(X500Principal.RFC2253));
            List<Rdn> cns = name.getRdns().stream().filter(r -> r.getType().equalsIgnoreCase("CN")).toList();
            // a subject with two CNs is ambiguous about who the sender is: it binds to nothing
            return cns.size() == 1 ? Optional.of(cns.get(0).getValue().toString()) : Optional.empty();
        } catch (InvalidNameException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
