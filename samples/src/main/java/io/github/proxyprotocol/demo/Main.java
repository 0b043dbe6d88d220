package io.github.proxyprotocol.demo;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The demo's command line: {@code serve} (the default) runs the three containers until the process is stopped;
 * {@code request} is a client that sends a PROXY header before an HTTP request. Exit status: 0 done, 1 failed, 2 bad
 * command line.
 */
public final class Main {
    /** The exit status of a command line the demo cannot run. */
    public static final int USAGE_ERROR = 2;

    private Main() {}

    public static void main(String[] args) {
        QuietLogging.install();
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /**
     * Runs a command line and returns its exit status. A {@code serve} that starts returns only when the process is
     * stopped.
     */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        String command = args.isEmpty() ? "serve" : args.get(0);
        List<String> rest = args.isEmpty() ? args : args.subList(1, args.size());
        try {
            switch (command) {
                case "help", "-h", "--help" -> {
                    out.print(Usage.SERVE);
                    return 0;
                }
                case "request" -> {
                    Arguments arguments = Arguments.parse(rest, RequestOptions.VALUE_OPTIONS, RequestOptions.FLAGS);
                    if (arguments.has("--help")) {
                        out.print(Usage.REQUEST);
                        return 0;
                    }
                    return new RequestCommand(RequestOptions.parse(arguments), out, err).run();
                }
                default -> {
                    return serve(args, out, err);
                }
            }
        } catch (UsageException e) {
            return usageError(e, command.equals("request") ? "request --help" : "--help", err);
        }
    }

    /**
     * Runs {@code serve}: starts the containers and waits until the process is stopped (Ctrl+C, SIGTERM), stopping
     * them on the way out. Returns only when it cannot start (or for {@code --help}).
     */
    private static int serve(List<String> args, PrintStream out, PrintStream err) {
        List<String> options = !args.isEmpty() && args.get(0).equals("serve") ? args.subList(1, args.size()) : args;
        ServeOptions serveOptions;
        try {
            Arguments arguments = Arguments.parse(options, ServeOptions.VALUE_OPTIONS, ServeOptions.FLAGS);
            if (arguments.has("--help")) {
                out.print(Usage.SERVE);
                return 0;
            }
            serveOptions = ServeOptions.parse(arguments);
        } catch (UsageException e) {
            return usageError(e, "--help", err);
        }
        Demo demo;
        try {
            demo = Demo.start(serveOptions, out);
        } catch (Demo.StartException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                demo.close();
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "demo-shutdown"));
        err.println("PROXY protocol demo running; try: curl --haproxy-protocol http://"
                + clientHost(serveOptions.host()) + ":" + demo.servers().get(0).httpPort() + WhoAmI.PATH
                + "  (Ctrl+C stops it)");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** How a client on this machine reaches {@code host}: the loopback address for a wildcard. */
    static String clientHost(String host) {
        if (host.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (host.equals("::") || host.equals("[::]")) {
            return "[::1]";
        }
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static int usageError(UsageException e, String help, PrintStream err) {
        err.println("error: " + e.getMessage());
        err.println("Run java -jar proxy-protocol-demo.jar " + help + " for the options.");
        return USAGE_ERROR;
    }
}
