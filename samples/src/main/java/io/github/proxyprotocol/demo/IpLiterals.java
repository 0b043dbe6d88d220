package io.github.proxyprotocol.demo;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

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
            if (!isIpv4(address)) {
                throw UsageException.invalid(option, text, problem);
            }
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
        String problem = "expected an IPv4 or IPv6 address, such as 127.0.0.2 or ::1";
        String address = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!isIpv4(address) && address.indexOf(':') < 0) {
            throw UsageException.invalid(option, text, problem);
        }
        return literal(option, text, address, problem);
    }

    private static InetAddress literal(String option, String text, String address, String problem)
            throws UsageException {
        if (address.indexOf(':') >= 0
                && !address.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
            throw UsageException.invalid(option, text, problem);
        }
        try {
            // a dotted quad or a text with colons: parsed as a literal, never looked up
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw UsageException.invalid(option, text, problem);
        }
    }

    /** Whether {@code text} is four decimal numbers from 0 to 255 without leading zeros, separated by dots. */
    static boolean isIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty()
                    || part.length() > 3
                    || (part.length() > 1 && part.charAt(0) == '0')
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
