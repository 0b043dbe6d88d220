package io.github.proxyprotocol.undertow;

import io.github.proxyprotocol.common.ProxiedConnection;
import io.github.proxyprotocol.common.ProxyHeader;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.handlers.ServletRequestContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;

/**
 * Found by undertow-servlet through {@code META-INF/services}: on every request of a deployment that came through a
 * PROXY-protocol listener, does what {@link ProxyProtocolHandler} does and sets the request attributes {@value
 * ProxyHeader#ATTRIBUTE} (the header, absent for a direct client) and {@value ProxyHeader#PEER_ATTRIBUTE} (the real
 * peer). It runs in the deployment's outer handler chain, before its security handlers.
 */
public final class ProxyProtocolServletExtension implements ServletExtension {
    @Override
    public void handleDeployment(DeploymentInfo deploymentInfo, ServletContext servletContext) {
        deploymentInfo.addOuterHandlerChainWrapper(next -> exchange -> {
            ProxiedConnection connection = ProxyProtocolHandler.apply(exchange);
            if (connection != null) {
                ServletRequestContext context = exchange.getAttachment(ServletRequestContext.ATTACHMENT_KEY);
                ServletRequest request = context.getServletRequest();
                connection.setAttributes(request::setAttribute);
            }
            next.handleRequest(exchange);
        });
    }
}
