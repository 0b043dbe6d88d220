package io.github.proxyprotocol.demo;

import io.github.proxyprotocol.common.IpAddresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Reads IP addresses and {@code IP:PORT} pairs written as literals; never resolves a host name. */
final class IpLiterals {
    private IpLiterals() {}

    /**
     * Reads {@code a.b.c.d:port} or {@code [ipv6]:port}.
     *
     * @throws UsageException naming {@code option}
     */
    static InetSocketAddress socketAddress(String option, String text) throws UsageException {
        String problem = "expected IP:PORT, such as 203.0.113.7:4242 or [2001:db8::7]:4242";
        String address;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw UsageException.invalid(option, text, problem);
            }
            address = text.substring(1, close);
            port = text.substring(close + 2);
            if (address.indexOf(':') < 0) {
                throw UsageException.invalid(option, text, problem);
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0 || text.indexOf(':') != colon) {
                throw UsageException.invalid(option, text, problem);
            }
            address = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw UsageException.invalid(option, text, problem + "; the port is a number from 0 to 65535");
        }
        int number = Integer.parseInt(port);
        if (number > 65535) {
            throw UsageException.invalid(option, text, problem + "; the port is a number from 0 to 65535");
        }
        return new InetSocketAddress(literal(option, text, address, problem), number);
    }

    /**
     * Reads an IPv4 or IPv6 address literal (an IPv6 one with or without brackets).
     *
     * @throws UsageException naming {@code option}
     */
    static InetAddress address(String option, String text) throws UsageException {
        String address = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        return literal(option, text, address, "expected an IPv4 or IPv6 address, such as 127.0.0.2 or ::1");
    }

    /** Whether {@code text} is an IPv4 or IPv6 address literal rather than a host name. */
    static boolean isLiteral(String text) {
        try {
            IpAddresses.parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static InetAddress literal(String option, String text, String address, String problem)
            throws UsageException {
        try {
            return IpAddresses.parse(address);
        } catch (IllegalArgumentException e) {
            throw UsageException.invalid(option, text, problem);
        }
    }
}
