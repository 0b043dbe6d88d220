package io.github.proxyprotocol.demo;

import io.github.proxyprotocol.common.InvalidSettingException;
import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.common.Setting;
import io.github.proxyprotocol.common.SettingNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The options of {@code serve}: which containers, where they listen, and the PROXY protocol settings every listener
 * gets.
 *
 * <p>Ports: the containers started take consecutive ports in the order tomcat, jetty, undertow, netty, from {@code --port}
 * (default {@value #DEFAULT_PORT}) for HTTP and from {@code --tls-port} (no default: no HTTPS without it) for HTTPS;
 * {@code 0} gives each listener any free port.
 *
 * @param containers the containers to start, in port order
 * @param host the address to listen on
 * @param port the first HTTP port, or 0
 * @param tlsPort the first HTTPS port, or 0, or empty for no HTTPS
 * @param proxyProtocol the PROXY protocol settings as given (checked), with the demo's default trusted proxies
 */
public record ServeOptions(
        List<Container> containers, String host, int port, OptionalInt tlsPort, ProxyProtocolConfig proxyProtocol) {

    /** The first HTTP port when {@code --port} is not given. */
    public static final int DEFAULT_PORT = 8080;

    /** The address listened on when {@code --host} is not given: every interface. */
    public static final String DEFAULT_HOST = "0.0.0.0";

    /** The peers trusted to send a header when {@code --trusted-proxies} is not given: this machine. */
    public static final String DEFAULT_TRUSTED_PROXIES = "127.0.0.1/32,::1/128";

    /** The settings' names as command-line options: {@code --trusted-proxies}... */
    static final SettingNames COMMAND_LINE = setting -> "--" + setting.kebabName();

    static final Set<String> VALUE_OPTIONS;

    static final Set<String> FLAGS = Set.of("--help");

    static {
        Set<String> options = new HashSet<>(Set.of("--container", "--host", "--port", "--tls-port"));
        for (Setting setting : Setting.values()) {
            options.add(COMMAND_LINE.nameOf(setting));
        }
        VALUE_OPTIONS = Collections.unmodifiableSet(options);
    }

    public ServeOptions {
        containers = List.copyOf(containers);
    }

    /** Reads the options of {@code serve}; fails naming the first option that is wrong. */
    static ServeOptions parse(Arguments arguments) throws UsageException {
        if (!arguments.positionals().isEmpty()) {
            throw new UsageException(
                    "Unexpected argument '" + arguments.positionals().get(0) + "'");
        }
        List<Container> containers = containers(arguments.value("--container", "all"));
        String host = arguments.value("--host", DEFAULT_HOST).trim();
        if (host.isEmpty()) {
            throw UsageException.invalid("--host", host, "expected an address to listen on, such as 0.0.0.0");
        }
        int port = port(arguments, "--port", String.valueOf(DEFAULT_PORT), containers.size());
        OptionalInt tlsPort = arguments.has("--tls-port")
                ? OptionalInt.of(port(arguments, "--tls-port", null, containers.size()))
                : OptionalInt.empty();
        if (tlsPort.isPresent() && overlap(port, tlsPort.getAsInt(), containers.size())) {
            throw UsageException.invalid(
                    "--tls-port",
                    arguments.value("--tls-port"),
                    "the HTTPS ports " + range(tlsPort.getAsInt(), containers.size()) + " overlap the HTTP ports "
                            + range(port, containers.size()));
        }
        return new ServeOptions(containers, host, port, tlsPort, proxyProtocol(arguments));
    }

    /** What the {@code index}-th container started (0: the first) is started with. */
    ServerSettings serverSettings(int index) {
        int http = port == 0 ? 0 : port + index;
        OptionalInt https =
                tlsPort.isEmpty() ? tlsPort : OptionalInt.of(tlsPort.getAsInt() == 0 ? 0 : tlsPort.getAsInt() + index);
        return new ServerSettings(host, http, https, proxyProtocol);
    }

    private static List<Container> containers(String value) throws UsageException {
        Set<Container> chosen = EnumSet.noneOf(Container.class);
        for (String name : value.split(",", -1)) {
            String id = name.trim();
            if (id.equals("all")) {
                chosen.addAll(EnumSet.allOf(Container.class));
            } else if (Container.byId(id) != null) {
                chosen.add(Container.byId(id));
            } else {
                throw UsageException.invalid(
                        "--container",
                        value,
                        "expected tomcat, jetty, undertow, netty or all (or several, comma-separated)");
            }
        }
        return new ArrayList<>(chosen);
    }

    private static int port(Arguments arguments, String option, String fallback, int count) throws UsageException {
        String text = arguments.value(option, fallback).trim();
        int highest = 65535 - (count - 1);
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw UsageException.invalid(
                    option,
                    arguments.value(option),
                    "expected a port number from 0 to " + highest + " (0: any free port)");
        }
        int port = Integer.parseInt(text);
        if (port > highest) {
            throw UsageException.invalid(
                    option,
                    arguments.value(option),
                    "expected a port number from 0 to " + highest + " (0: any free port); " + count
                            + " containers take " + count + " consecutive ports");
        }
        return port;
    }

    private static boolean overlap(int first, int second, int count) {
        return first != 0 && second != 0 && Math.abs(first - second) < count;
    }

    private static String range(int first, int count) {
        return count == 1 ? String.valueOf(first) : first + "-" + (first + count - 1);
    }

    /** The PROXY protocol settings, parsed once; a bad one fails naming its option. */
    private static ProxyProtocolConfig proxyProtocol(Arguments arguments) throws UsageException {
        ProxyProtocolConfig.Builder config =
                ProxyProtocolConfig.builder(COMMAND_LINE).trustedProxies(DEFAULT_TRUSTED_PROXIES);
        for (Setting setting : Setting.values()) {
            String value = arguments.value(COMMAND_LINE.nameOf(setting));
            if (value != null) {
                config.set(setting, value);
            }
        }
        try {
            return config.build();
        } catch (InvalidSettingException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
