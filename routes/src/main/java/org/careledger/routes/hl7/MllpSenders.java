package org.careledger.routes.hl7;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.Exchange;
import org.apache.camel.component.mllp.MllpConstants;
import org.careledger.connectors.mllp.MllpSenderBinding;
import org.careledger.routes.config.MllpSettings;

/**
 * Binds mutual-TLS senders to this app's feed ({@code careledger.mllp.tls.client-common-names}):
 * a message arriving over MLLP from a certificate whose subject CN is not listed gets AR. HTTP and
 * inbox messages are authenticated by their own means and pass.
 */
@ApplicationScoped
public class MllpSenders {

    /** Set by the MLLP route on each exchange, so HTTP and batch files are not taken for MLLP. */
    static final String TRANSPORT = "careledgerTransport";

    private final MllpSenderBinding binding;

    public MllpSenders(MllpSettings settings) {
        this.binding = new MllpSenderBinding(settings.tls().clientCommonNames().orElse(List.of()));
    }

    public boolean admits(Exchange exchange) {
        if (!binding.binds() || !"mllp".equals(exchange.getProperty(TRANSPORT, String.class))) {
            return true;
        }
        return binding.admits(exchange.getMessage().getHeader(MllpConstants.MLLP_SSL_CLIENT_CERT_SUBJECT_NAME, String.class));
    }
}
