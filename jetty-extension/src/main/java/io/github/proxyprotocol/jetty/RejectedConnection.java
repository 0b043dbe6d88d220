package io.github.proxyprotocol.jetty;

import java.util.concurrent.Executor;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.EndPoint;

/** A connection from a peer that is neither a trusted proxy nor a direct client: closed as it opens, nothing read. */
final class RejectedConnection extends AbstractConnection {
    RejectedConnection(EndPoint endPoint, Executor executor) {
        super(endPoint, executor);
    }

    @Override
    public void onOpen() {
        super.onOpen();
        getEndPoint().close();
    }

    @Override
    public void onFillable() {
        getEndPoint().close();
    }
}
