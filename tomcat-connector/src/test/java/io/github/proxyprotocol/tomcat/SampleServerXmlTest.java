package io.github.proxyprotocol.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyprotocol.common.ProxyProtocolConfig;
import io.github.proxyprotocol.common.Setting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

/** {@code samples/tomcat/server.xml}: its connectors use this protocol, and Tomcat accepts each of their attributes. */
class SampleServerXmlTest {
    private static final Path SAMPLE = Path.of("../samples/tomcat/server.xml");

    @Test
    void everyConnectorAttributeIsKnownAndEverySettingParses() throws Exception {
        NodeList connectors = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(SAMPLE.toFile())
                .getElementsByTagName("Connector");
        assertThat(connectors.getLength()).isEqualTo(2);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < connectors.getLength(); i++) {
            Element element = (Element) connectors.item(i);
            Connector connector = new Connector(element.getAttribute("protocol"));
            assertThat(connector.getProtocolHandler()).isInstanceOf(ProxyProtocolHttp11NioProtocol.class);
            ProxyProtocolConfig.Builder settings = ProxyProtocolConfig.builder(ProxyProtocolSupport.ATTRIBUTES);
            NamedNodeMap attributes = element.getAttributes();
            for (int a = 0; a < attributes.getLength(); a++) {
                String name = attributes.item(a).getNodeName();
                String value = attributes.item(a).getNodeValue();
                names.add(name);
                if (!name.equals("protocol")) {
                    assertThat(connector.setProperty(name, value)).as(name).isTrue();
                }
                for (Setting setting : Setting.values()) {
                    if (ProxyProtocolSupport.ATTRIBUTES.nameOf(setting).equals(name)) {
                        settings.set(setting, value);
                    }
                }
            }
            assertThat(settings.build().trustedProxies().isEmpty()).isFalse();
        }
        for (Setting setting : Setting.values()) {
            assertThat(names)
                    .as("the sample shows every setting")
                    .contains(ProxyProtocolSupport.ATTRIBUTES.nameOf(setting));
        }
    }
}
