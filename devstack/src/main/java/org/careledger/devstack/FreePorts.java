package org.careledger.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks free loopback ports for components that need to know their port before binding.
 * <p>
 * A port is only free when picked: the component binds it later. Two things can take it meanwhile,
 * and both happened on CI (a Kafka broker failing with "Address already in use"): this JVM handing
 * the same port out twice, and an outgoing connection of any process being given it by the kernel,
 * which draws those from the ephemeral range. So ports come from below that range (Linux's default
 * starts at 32768), and never twice from one JVM.
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;
    private static final int BELOW_EPHEMERAL = 32_768;
    private static final int ATTEMPTS = 200;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    public static int pick() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = random.nextInt(LOWEST, BELOW_EPHEMERAL);
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        // a crowded range: let the kernel choose, still never handing out a port twice
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = kernelChosen();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port after " + 2 * ATTEMPTS + " attempts");
    }

    /** The port itself when it is set, a free one when it is 0. */
    public static int orFree(int port) {
        return port == 0 ? pick() : port;
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int kernelChosen() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
