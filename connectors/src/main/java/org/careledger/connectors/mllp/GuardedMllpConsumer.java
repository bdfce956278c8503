package org.careledger.connectors.mllp;

import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Processor;
import org.apache.camel.component.mllp.MllpEndpoint;
import org.apache.camel.component.mllp.MllpTcpServerConsumer;
import org.apache.camel.component.mllp.internal.MllpSocketBuffer;
import org.apache.camel.component.mllp.internal.TcpServerConsumerValidationRunnable;
import org.apache.camel.component.mllp.internal.TcpSocketConsumerRunnable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads each connection's first frame as camel-mllp does, but resets the connection when that read
 * fails with anything camel-mllp does not handle itself (a frame over {@code maxBufferSize} throws
 * IllegalStateException there). The log line names the peer and the limit, never frame content.
 *
 * <p>On stop (SIGTERM) it drains before camel-mllp closes the sockets, which would otherwise drop
 * the ACK of a message already on its way to Kafka: new connections are reset at once, and the
 * stop waits until no message is being processed (up to {@code drainTimeout}), so every message
 * taken in gets its answer.
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

    private final Duration drainTimeout;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean draining;

    GuardedMllpConsumer(MllpEndpoint endpoint, Processor processor, Duration drainTimeout) {
        super(endpoint, processor);
        this.drainTimeout = drainTimeout;
    }

    @Override
    public void processMessage(byte[] message, TcpSocketConsumerRunnable connection) {
        inFlight.incrementAndGet();
        try {
            super.processMessage(message, connection);
        } finally {
            synchronized (inFlight) {
                inFlight.decrementAndGet();
                inFlight.notifyAll();
            }
        }
    }

    @Override
    public void validateConsumer(Socket socket) {
        MllpSocketBuffer buffer = new MllpSocketBuffer(getEndpoint());
        if (draining) {
            buffer.resetSocket(socket);
            return;
        }
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
        draining = true;
        firstFrameReaders.shutdownNow();
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        synchronized (inFlight) {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                inFlight.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }
        if (inFlight.get() > 0) {
            LOG.warn("MLLP listener stopping with {} messages still being stored; their senders get no ACK and resend", inFlight.get());
        }
        super.doStop();
    }
}
