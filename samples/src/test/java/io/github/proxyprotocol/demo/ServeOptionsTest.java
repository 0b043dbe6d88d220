package io.github.proxyprotocol.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyprotocol.common.ProtocolVersion;
import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.common.Setting;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The options of {@code serve}: defaults, the port rule, and errors that name the option. */
class ServeOptionsTest {

    @Test
    void defaults() throws UsageException {
        ServeOptions options = parse();

        assertThat(options.containers())
                .containsExactly(Container.TOMCAT, Container.JETTY, Container.UNDERTOW, Container.NETTY);
        assertThat(options.host()).isEqualTo("0.0.0.0");
        assertThat(options.tlsPort()).isEmpty();
        assertThat(options.proxyProtocol().text(Setting.TRUSTED_PROXIES)).isEqualTo("127.0.0.1/32,::1/128");
        assertThat(options.proxyProtocol().headerTimeoutMillis()).isEqualTo(5000);
        assertThat(List.of(
                        options.serverSettings(0),
                        options.serverSettings(1),
                        options.serverSettings(2),
                        options.serverSettings(3)))
                .extracting(ServerSettings::httpPort)
                .containsExactly(8080, 8081, 8082, 8083);
        assertThat(options.serverSettings(0).httpsPort()).isEmpty();
    }

    @Test
    void containersTakeConsecutivePortsInOrder() throws UsageException {
        ServeOptions options = parse("--container=undertow,tomcat", "--port=9000", "--tls-port=9443");

        assertThat(options.containers()).containsExactly(Container.TOMCAT, Container.UNDERTOW);
        assertThat(options.serverSettings(0).httpPort()).isEqualTo(9000);
        assertThat(options.serverSettings(0).httpsPort()).isEqualTo(OptionalInt.of(9443));
        assertThat(options.serverSettings(1).httpPort()).isEqualTo(9001);
        assertThat(options.serverSettings(1).httpsPort()).isEqualTo(OptionalInt.of(9444));
    }

    @Test
    void aSingleContainerTakesThePortItself() throws UsageException {
        ServeOptions options = parse("--container=jetty", "--port", "7000");

        assertThat(options.containers()).containsExactly(Container.JETTY);
        assertThat(options.serverSettings(0).httpPort()).isEqualTo(7000);
    }

    @Test
    void portZeroGivesEveryListenerAFreePort() throws UsageException {
        ServeOptions options = parse("--port=0", "--tls-port=0");

        for (int i = 0; i < 4; i++) {
            assertThat(options.serverSettings(i).httpPort()).isZero();
            assertThat(options.serverSettings(i).httpsPort()).isEqualTo(OptionalInt.of(0));
        }
    }

    @Test
    void proxyProtocolSettingsArePassedAsGiven() throws UsageException {
        ServeOptions options = parse(
                "--trusted-proxies=10.0.0.0/8",
                "--direct-clients=192.168.0.0/16",
                "--header-timeout=2500",
                "--versions=v2",
                "--max-header-size=1024",
                "--ssl-tlv-secure=false");

        ProxyProtocolConfig config = options.proxyProtocol();
        assertThat(config.text(Setting.TRUSTED_PROXIES)).isEqualTo("10.0.0.0/8");
        assertThat(config.text(Setting.DIRECT_CLIENTS)).isEqualTo("192.168.0.0/16");
        assertThat(config.headerTimeoutMillis()).isEqualTo(2500);
        assertThat(config.versions()).containsExactly(ProtocolVersion.V2);
        assertThat(config.maxHeaderSize()).isEqualTo(1024);
        assertThat(config.sslTlvSecure()).isFalse();
    }

    @Test
    void badValuesAreNamedWithTheirOption() {
        assertThatThrownBy(() -> parse("--header-timeout=soon"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--header-timeout")
                .hasMessageContaining("'soon'");
        assertThatThrownBy(() -> parse("--versions=v3"))
                .hasMessageContaining("--versions")
                .hasMessageContaining("v3");
        assertThatThrownBy(() -> parse("--trusted-proxies=10.0.0.300/8")).hasMessageContaining("--trusted-proxies");
        assertThatThrownBy(() -> parse("--trusted-proxies=")).hasMessageContaining("--trusted-proxies must be set");
        assertThatThrownBy(() -> parse("--max-header-size=1")).hasMessageContaining("--max-header-size");
        assertThatThrownBy(() -> parse("--container=nginx"))
                .hasMessageContaining("--container")
                .hasMessageContaining("'nginx'");
        assertThatThrownBy(() -> parse("--port=http"))
                .hasMessageContaining("--port")
                .hasMessageContaining("'http'");
        assertThatThrownBy(() -> parse("--port=65534"))
                .hasMessageContaining("--port")
                .hasMessageContaining("consecutive");
        assertThatThrownBy(() -> parse("--port=8080", "--tls-port=8082"))
                .hasMessageContaining("--tls-port")
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> parse("--verbose")).hasMessage("Unknown option --verbose");
        assertThatThrownBy(() -> parse("--port")).hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> parse("8080")).hasMessageContaining("Unexpected argument '8080'");
    }

    @Test
    void mainExitsWithTwoAndNamesTheOption() {
        RequestCommandTest.Run bad = RequestCommandTest.run("--header-timeout=soon");
        RequestCommandTest.Run badServe = RequestCommandTest.run("serve", "--port=-1");

        assertThat(bad.status()).isEqualTo(Main.USAGE_ERROR);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err()).contains("error: Invalid value 'soon' for --header-timeout", "--help");
        assertThat(badServe.status()).isEqualTo(Main.USAGE_ERROR);
        assertThat(badServe.err()).contains("--port");
    }

    @Test
    void helpListsTheOptions() {
        for (String[] args :
                List.of(new String[] {"--help"}, new String[] {"serve", "--help"}, new String[] {"help"})) {
            RequestCommandTest.Run run = RequestCommandTest.run(args);

            assertThat(run.status()).isZero();
            assertThat(run.out())
                    .contains(
                            "--container=",
                            "--port=",
                            "--tls-port=",
                            "--trusted-proxies=",
                            "--direct-clients=",
                            "--header-timeout=",
                            "--versions=",
                            "--max-header-size=",
                            "ready container=NAME http=PORT");
        }
    }

    private static ServeOptions parse(String... args) throws UsageException {
        return ServeOptions.parse(Arguments.parse(List.of(args), ServeOptions.VALUE_OPTIONS, ServeOptions.FLAGS));
    }
}
