package org.careledger.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsAreNeverHandedOutTwiceAndStayOutOfTheKernelsEphemeralRange() {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ports.add(FreePorts.pick());
        }

        assertThat(ports).doesNotHaveDuplicates().allSatisfy(port -> assertThat(port).isBetween(20_000, 32_767));
    }

    @Test
    void aPickedPortCanBeBound() throws Exception {
        int port = FreePorts.pick();

        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }
}
