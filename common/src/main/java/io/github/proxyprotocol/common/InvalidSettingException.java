package io.github.proxyprotocol.common;

import org.jspecify.annotations.Nullable;

/** A setting that cannot be used, naming the setting as the user spelled it and the bad value. */
public final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient Setting setting;
    private final String settingName;
    private final @Nullable String value;
    private final String problem;

    public InvalidSettingException(Setting setting, String settingName, @Nullable String value, String problem) {
        super(
                value == null
                        ? settingName + " must be set: " + problem
                        : "Invalid value '" + value + "' for " + settingName + ": " + problem);
        this.setting = setting;
        this.settingName = settingName;
        this.value = value;
        this.problem = problem;
    }

    /** The setting. */
    public Setting setting() {
        return setting;
    }

    /** The setting's name as the user spelled it, e.g. {@code proxyProtocolHeaderTimeout}. */
    public String settingName() {
        return settingName;
    }

    /** The bad value, or {@code null} if it was missing. */
    public @Nullable String value() {
        return value;
    }

    /** What is wrong and what is expected, without the setting's name and value. */
    public String problem() {
        return problem;
    }
}
