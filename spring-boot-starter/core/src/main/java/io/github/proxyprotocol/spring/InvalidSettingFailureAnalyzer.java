package io.github.proxyprotocol.spring;

import io.github.proxyprotocol.common.InvalidSettingException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a missing or bad PROXY protocol setting (a {@code proxy-protocol.*} property, or a container setting such as
 * a Tomcat connector attribute) the Spring Boot way: "APPLICATION FAILED TO START", what is wrong, and the action
 * that fixes it.
 */
public class InvalidSettingFailureAnalyzer extends AbstractFailureAnalyzer<InvalidSettingException> {
    private static final String PROPERTY_PREFIX = "proxy-protocol.";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidSettingException cause) {
        return new FailureAnalysis(cause.getMessage(), action(cause), cause);
    }

    private static String action(InvalidSettingException cause) {
        String name = cause.settingName();
        boolean property = name.startsWith(PROPERTY_PREFIX);
        if (cause.value() == null) {
            String action = "Set " + name + " to the addresses or CIDRs of your load balancers";
            if (!property) {
                return action + ".";
            }
            return action + ", for example " + name + "=10.0.0.0/8 ('*' trusts every peer), or turn the PROXY"
                    + " protocol off with " + PROPERTY_PREFIX + "enabled=false.";
        }
        return property
                ? "Update " + name + " in your application's configuration."
                : "Update the value of " + name + ".";
    }
}
