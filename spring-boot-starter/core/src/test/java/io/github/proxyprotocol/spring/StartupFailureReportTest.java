package io.github.proxyprotocol.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyprotocol.common.InvalidSettingException;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What a user sees on the console when a property is wrong: Spring Boot's report, written by the analyzer. */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureReportTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "proxy-protocol.trusted-proxies=lb.internal | Invalid value 'lb.internal' for"
                        + " proxy-protocol.trusted-proxies: | Update proxy-protocol.trusted-proxies in your"
                        + " application's configuration.",
                "proxy-protocol.versions=v3 | Invalid value 'v3' for proxy-protocol.versions: 'v3' is not a version;"
                        + " expected v1, v2 or v1,v2 | Update proxy-protocol.versions in your application's"
                        + " configuration.",
                "proxy-protocol.header-timeout=0s | Invalid value '0s' for proxy-protocol.header-timeout: expected a"
                        + " duration from 1ms to 1h, such as 5s | Update proxy-protocol.header-timeout",
                "proxy-protocol.max-header-size=1MB | Invalid value '1048576B' for proxy-protocol.max-header-size:"
                        + " expected a size from 107B to 65551B | Update proxy-protocol.max-header-size"
            })
    void aBadPropertyIsReportedWithWhatIsWrongAndWhatToDo(
            String property, String description, String action, CapturedOutput output) {
        SpringApplicationBuilder application = new SpringApplicationBuilder(Application.class)
                .web(WebApplicationType.NONE)
                .registerShutdownHook(false)
                .properties(
                        "spring.main.banner-mode=off",
                        "proxy-protocol.enabled=true",
                        "proxy-protocol.trusted-proxies=10.0.0.0/8",
                        property);

        assertThatThrownBy(application::run).hasRootCauseInstanceOf(InvalidSettingException.class);

        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("Description:\n\n" + description)
                .contains("Action:\n\n" + action);
    }

    /** An application with nothing but the PROXY protocol's auto-configuration. */
    @SpringBootConfiguration
    @ImportAutoConfiguration(ProxyProtocolAutoConfiguration.class)
    static class Application {}
}
