package io.github.proxyprotocol.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A socket whose first write carries a prefix in the same {@code write} call, so one TCP segment: a PROXY header
 * followed at once by a TLS ClientHello, as a balancer that forwards a client's first packet behind its header sends
 * it.
 */
final class PrefixingSocket extends Socket {
    private byte[] prefix;
    private OutputStream prefixing;

    PrefixingSocket(byte[] prefix) {
        this.prefix = prefix.clone();
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
        if (prefixing == null) {
            OutputStream socketOut = super.getOutputStream();
            prefixing = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    byte[] both = new byte[prefix.length + length];
                    System.arraycopy(prefix, 0, both, 0, prefix.length);
                    System.arraycopy(bytes, offset, both, prefix.length, length);
                    prefix = new byte[0];
                    socketOut.write(both);
                }

                @Override
                public void flush() throws IOException {
                    socketOut.flush();
                }
            };
        }
        return prefixing;
    }
}
