package org.careledger.connectors.mllp;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.component.mllp.MllpConfiguration;
import org.apache.camel.component.mllp.MllpEndpoint;

/** An MLLP endpoint whose consumer resets a connection when its first frame cannot be read, and drains on stop. */
class GuardedMllpEndpoint extends MllpEndpoint {

    private final GuardedMllpComponent component;

    GuardedMllpEndpoint(String uri, GuardedMllpComponent component, MllpConfiguration configuration) {
        super(uri, component, configuration);
        this.component = component;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        GuardedMllpConsumer consumer = new GuardedMllpConsumer(this, processor, component.drainTimeout());
        configureConsumer(consumer);
        return consumer;
    }
}
