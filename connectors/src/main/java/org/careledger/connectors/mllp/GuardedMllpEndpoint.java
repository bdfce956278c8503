package org.careledger.connectors.mllp;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.component.mllp.MllpComponent;
import org.apache.camel.component.mllp.MllpConfiguration;
import org.apache.camel.component.mllp.MllpEndpoint;

/** An MLLP endpoint whose consumer resets a connection when its first frame cannot be read. */
class GuardedMllpEndpoint extends MllpEndpoint {

    GuardedMllpEndpoint(String uri, MllpComponent component, MllpConfiguration configuration) {
        super(uri, component, configuration);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        GuardedMllpConsumer consumer = new GuardedMllpConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }
}
