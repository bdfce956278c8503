package org.careledger.connectors.mllp;

import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Processor;
import org.apache.camel.component.mllp.MllpEndpoint;
import org.apache.camel.component.mllp.MllpTcpServerConsumer;
import org.apache.camel.component.mllp.internal.MllpSocketBuffer;
import org.apache.camel.component.mllp.internal.TcpServerConsumerValidationRunnable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads each connection's first frame as camel-mllp does, but resets the connection when that read
 * fails with anything camel-mllp does not handle itself (a frame over {@code maxBufferSize} throws
 * IllegalStateException there). The log line names the peer and the limit, never frame content.
 */
class GuardedMllpConsumer extends MllpTcpServerConsumer {

    // camel-mllp's own logger for this consumer is named after its class and quotes frame bytes, so
    // it is silenced in configuration; this line goes out under the component's name instead
    private static final Logger LOG = LoggerFactory.getLogger(GuardedMllpComponent.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ExecutorService firstFrameReaders = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "mllp-first-frame-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    GuardedMllpConsumer(MllpEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public void validateConsumer(Socket socket) {
        MllpSocketBuffer buffer = new MllpSocketBuffer(getEndpoint());
        TcpServerConsumerValidationRunnable firstFrame = new TcpServerConsumerValidationRunnable(this, socket, buffer);
        firstFrameReaders.execute(() -> {
            try {
                firstFrame.run();
            } catch (RuntimeException | OutOfMemoryError e) {
                LOG.warn("MLLP connection from {} reset: its first frame could not be read within {} bytes ({})",
                        socket.getRemoteSocketAddress(), getConfiguration().getMaxBufferSize(), e.getClass().getSimpleName());
                buffer.resetSocket(socket);
            }
        });
    }

    @Override
    protected void doStop() throws Exception {
        firstFrameReaders.shutdownNow();
        super.doStop();
    }
}
