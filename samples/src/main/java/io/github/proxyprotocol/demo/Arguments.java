package io.github.proxyprotocol.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command line: options written {@code --name=value} or {@code --name value}, flags written {@code --name},
 * and the remaining (positional) arguments. {@code --} ends the options. An unknown option is an error.
 */
final class Arguments {
    private final Map<String, String> values;
    private final List<String> positionals;

    private Arguments(Map<String, String> values, List<String> positionals) {
        this.values = values;
        this.positionals = positionals;
    }

    /**
     * Parses {@code args}.
     *
     * @param valueOptions the options that take a value, with their dashes ({@code --port})
     * @param flags the options that take none ({@code --tls})
     */
    static Arguments parse(List<String> args, Set<String> valueOptions, Set<String> flags) throws UsageException {
        Map<String, String> values = new HashMap<>();
        List<String> positionals = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                positionals.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (flags.contains(name)) {
                if (equals >= 0) {
                    throw new UsageException(name + " takes no value: " + arg);
                }
                values.put(name, "true");
            } else if (valueOptions.contains(name)) {
                if (equals >= 0) {
                    values.put(name, arg.substring(equals + 1));
                } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    values.put(name, args.get(++i));
                } else {
                    throw new UsageException(name + " needs a value: " + name + "=VALUE");
                }
            } else {
                throw new UsageException("Unknown option " + name);
            }
        }
        return new Arguments(values, positionals);
    }

    /** The value given for {@code option}, or {@code null}. */
    String value(String option) {
        return values.get(option);
    }

    /** The value given for {@code option}, or {@code fallback}. */
    String value(String option, String fallback) {
        return values.getOrDefault(option, fallback);
    }

    /** Whether {@code option} (a flag, or an option with a value) was given. */
    boolean has(String option) {
        return values.containsKey(option);
    }

    /** The arguments that are not options, in order. */
    List<String> positionals() {
        return positionals;
    }
}
