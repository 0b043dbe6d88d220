package io.github.proxyprotocol.spring;

import java.util.List;

/** The PROXY-protocol listeners of one kind of embedded web server, known once it has started. */
@FunctionalInterface
public interface ProxyProtocolListeners {
    /** The listeners open now. */
    List<ProxyProtocolListener> started();
}
