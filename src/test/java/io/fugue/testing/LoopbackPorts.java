package io.fugue.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for something that will listen on them later (an application still starting, an endpoint bound
 * again by each emulator). A port the system picks ({@code new ServerSocket(0)}) comes from the ephemeral range, where
 * any outgoing connection made in the meantime (JDBC, HTTPS to the emulator) can take it, and the later listen fails
 * with "address in use". These ports are picked below that range, where only listeners go.
 */
public final class LoopbackPorts {

    /** Linux's default lower bound of the ephemeral range, when it cannot be read. */
    private static final int EPHEMERAL_DEFAULT = 32768;
    /** From here up: the failsafe run reserves the emulator's identity port below it (pom.xml). */
    private static final int LOWEST = 25000;

    private LoopbackPorts() {
    }

    /** A port free on loopback now, outside the ephemeral range. */
    public static int reserve() {
        int ceiling = Math.max(LOWEST + 1000, ephemeralStart());
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, ceiling);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException inUse) {
                // taken: try another
            }
        }
        throw new UncheckedIOException(new IOException("no free loopback port in " + LOWEST + "-" + ceiling));
    }

    private static int ephemeralStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return EPHEMERAL_DEFAULT;
        }
    }
}
