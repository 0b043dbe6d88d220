package io.github.proxyprotocol.common;

/**
 * How one integration spells the {@link Setting}s where its users write them (a Tomcat {@code <Connector>} attribute,
 * a Jetty module property, a Spring Boot property...), so that an error names the setting the way the user wrote it.
 * Each integration brings its own; this module names none.
 */
@FunctionalInterface
public interface SettingNames {
    /** The setting's name as users of the integration write it. */
    String nameOf(Setting setting);

    /** The names used in code: {@link Setting#camelName()}. */
    static SettingNames camelCase() {
        return Setting::camelName;
    }
}
