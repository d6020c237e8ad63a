package dev.normalizer.common;

import io.netty.util.NetUtil;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;

/**
 * The client a request comes from, as a key for throttling: the connection's remote address, which Quarkus replaces
 * with the first {@code X-Forwarded-For} (or {@code Forwarded: for=}) address only when proxy address forwarding is
 * configured ({@code quarkus.http.proxy.*}, see docs/authentication.md, Login throttling). An IPv6 address counts by
 * its /64 network, since one client commonly holds a whole /64, and an IPv4-mapped one as its IPv4 address; anything
 * that is not an IP address (a forwarded name or junk) is one client.
 */
@ApplicationScoped
public class ClientAddress {

    static final String NOT_AN_ADDRESS = "not-an-ip-address";
    private static final int IPV6_NETWORK_BYTES = 8;
    /** ::ffff:0:0/96, an IPv4 client as a dual-stack socket may show it. */
    private static final byte[] IPV4_MAPPED = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private final RoutingContext routing;

    public ClientAddress(RoutingContext routing) {
        this.routing = routing;
    }

    /** The current request's client, as an address (IPv4) or network (IPv6, /64) in text. */
    public String key() {
        SocketAddress remote = routing.request().remoteAddress();
        if (remote == null) {
            return NOT_AN_ADDRESS;
        }
        return key(remote.hostAddress() != null ? remote.hostAddress() : remote.host());
    }

    static String key(String host) {
        // Netty parses only literals: a name is never looked up in DNS.
        byte[] bytes = host == null ? null : NetUtil.createByteArrayFromIpAddressString(host.strip());
        if (bytes == null) {
            return NOT_AN_ADDRESS;
        }
        if (bytes.length == 16 && Arrays.equals(bytes, 0, 12, IPV4_MAPPED, 0, 12)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        } else if (bytes.length == 16) {
            Arrays.fill(bytes, IPV6_NETWORK_BYTES, 16, (byte) 0);
        }
        return NetUtil.bytesToIpAddress(bytes);
    }
}
