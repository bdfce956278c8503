package org.careledger.connectors.mllp;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.component.mllp.MllpComponent;
import org.apache.camel.component.mllp.MllpComponentConfigurer;
import org.apache.camel.component.mllp.MllpEndpointConfigurer;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.component.mllp.MllpConfiguration;
import org.apache.camel.component.mllp.MllpEndpoint;
import org.apache.camel.support.CamelContextHelper;

/**
 * camel-mllp with one repair, registered under the {@code mllp} scheme so routes and options stay
 * camel-mllp's own. In camel-mllp 4.17 the first frame on a connection is read by a validation task
 * whose exceptions escape without closing the socket: a first frame larger than {@code maxBufferSize}
 * left the sender blocked on a socket nobody read. Here such a connection is reset instead.
 */
public class GuardedMllpComponent extends MllpComponent {

    private java.time.Duration drainTimeout = java.time.Duration.ofSeconds(20);

    /** How long a stopping listener waits for the messages it is storing to get their ACK. */
    public void drainOnStop(java.time.Duration timeout) {
        this.drainTimeout = timeout;
    }

    java.time.Duration drainTimeout() {
        return drainTimeout;
    }

    // Camel finds its generated configurers by class name, so this subclass names camel-mllp's own
    @Override
    public PropertyConfigurer getComponentPropertyConfigurer() {
        return new MllpComponentConfigurer();
    }

    @Override
    public PropertyConfigurer getEndpointPropertyConfigurer() {
        return new MllpEndpointConfigurer();
    }

    /** Every endpoint of this component listens with TLS (see {@link MllpTls}). */
    public void useTls(SSLContextParameters parameters) {
        if (!hasConfiguration()) {
            setConfiguration(new MllpConfiguration());
        }
        getConfiguration().setSslContextParameters(parameters);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        MllpConfiguration configuration = hasConfiguration() ? getConfiguration().copy() : new MllpConfiguration();
        MllpEndpoint endpoint = new GuardedMllpEndpoint(uri, this, configuration);
        if (configuration.getSslContextParameters() == null) {
            configuration.setSslContextParameters(retrieveGlobalSslContextParameters());
        }
        endpoint.setCharsetName(getDefaultCharset());
        int colon = remaining.lastIndexOf(':');
        if (colon >= 0) {
            endpoint.setHostname(remaining.substring(0, colon));
            endpoint.setPort(CamelContextHelper.parseInt(getCamelContext(), remaining.substring(colon + 1)));
        } else {
            endpoint.setPort(CamelContextHelper.parseInt(getCamelContext(), remaining));
        }
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
