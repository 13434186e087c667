package io.fugue.ratelimit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * The client address that login limits count by. The socket's peer, unless that peer is one of
 * {@code fugue.login-limit.trusted-proxies}: then the right-most {@code X-Forwarded-For} entry.
 *
 * <p>Not Quarkus' {@code quarkus.http.proxy.*} remote address: it takes the <em>left-most</em> entry, which a client
 * behind an appending proxy such as the Container Apps ingress chooses itself, and a limit keyed on it would be
 * escaped with one header. The peer is read from the connection, which forwarding settings do not rewrite.
 */
@ApplicationScoped
public class ClientAddresses {

    private static final String X_FORWARDED_FOR = "X-Forwarded-For";
    private static final String UNKNOWN = "unknown";

    private final List<IpSubnetFilterRule> trustedProxies;

    @Inject
    public ClientAddresses(LoginLimitConfig config) {
        this(config.trustedProxies().orElse(List.of()));
    }

    ClientAddresses(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(ClientAddresses::rule).toList();
    }

    /** A stable key for the client: an IPv4 address, or the /64 prefix of an IPv6 one. */
    public String of(HttpServerRequest request) {
        SocketAddress peer = request.connection().remoteAddress();
        return resolve(peer == null ? null : peer.host(), request.headers().getAll(X_FORWARDED_FOR));
    }

    /**
     * @param peerHost     the socket peer's IP address
     * @param forwardedFor every {@code X-Forwarded-For} header of the request, in order
     */
    String resolve(String peerHost, List<String> forwardedFor) {
        byte[] peer = peerHost == null ? null : NetUtil.createByteArrayFromIpAddressString(peerHost);
        if (peer == null) {
            return UNKNOWN;
        }
        if (isTrustedProxy(peer)) {
            byte[] forwarded = rightMost(forwardedFor);
            if (forwarded != null) {
                return key(forwarded);
            }
        }
        return key(peer);
    }

    private boolean isTrustedProxy(byte[] address) {
        if (trustedProxies.isEmpty()) {
            return false;
        }
        try {
            InetSocketAddress socket = new InetSocketAddress(InetAddress.getByAddress(address), 0);
            return trustedProxies.stream().anyMatch(rule -> rule.matches(socket));
        } catch (UnknownHostException e) {
            return false; // only thrown for a wrong length, which NetUtil never returns
        }
    }

    /** The entry the nearest proxy appended; {@code null} when there is none or it is no IP literal. */
    private static byte[] rightMost(List<String> headers) {
        if (headers.isEmpty()) {
            return null;
        }
        String[] entries = headers.get(headers.size() - 1).split(",");
        String last = entries[entries.length - 1].trim();
        if (last.startsWith("[") && last.contains("]")) {
            last = last.substring(1, last.indexOf(']')); // [v6]:port
        } else if (last.indexOf(':') == last.lastIndexOf(':') && last.indexOf(':') > 0) {
            last = last.substring(0, last.indexOf(':')); // v4:port
        }
        return NetUtil.createByteArrayFromIpAddressString(last);
    }

    private static String key(byte[] address) {
        if (address.length == 16 && !isV4Mapped(address)) {
            // One IPv6 subscriber usually holds a whole /64: count it as one client.
            return NetUtil.bytesToIpAddress(Arrays.copyOf(Arrays.copyOf(address, 8), 16)) + "/64";
        }
        byte[] v4 = address.length == 16 ? Arrays.copyOfRange(address, 12, 16) : address;
        return NetUtil.bytesToIpAddress(v4);
    }

    private static boolean isV4Mapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }

    private static IpSubnetFilterRule rule(String entry) {
        String[] parts = entry.trim().split("/", 2);
        byte[] address = NetUtil.createByteArrayFromIpAddressString(parts[0]);
        try {
            if (address == null) {
                throw new IllegalArgumentException("not an IP address");
            }
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : address.length * 8;
            return new IpSubnetFilterRule(parts[0], prefix, IpFilterRuleType.ACCEPT);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("fugue.login-limit.trusted-proxies: '" + entry
                    + "' is not an IP address or CIDR range (e.g. 10.0.0.0/8)");
        }
    }
}
