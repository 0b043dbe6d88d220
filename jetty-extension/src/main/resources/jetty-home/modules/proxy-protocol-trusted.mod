# Trusted PROXY protocol for the http and https connectors.

[description]
Reads a PROXY protocol header (v1 or v2, https://www.haproxy.org/download/2.8/doc/proxy-protocol.txt)
in front of HTTP/1.1, TLS, HTTP/2 and h2c on every network connector defined before it (the http and
https connectors), but only from the load balancers listed in jetty.proxyProtocol.trustedProxies.
Each connection's peer address decides before a byte is read: a trusted proxy must send a header, a
direct client (jetty.proxyProtocol.directClients) must not, a peer that is both may, and anyone else
is closed at once. Requests then report the header's source and destination as their remote and local
addresses, in the request log too; bad or late headers close the connection without a response.
Unlike the proxy-protocol module, which believes any peer: do not enable both.

[tags]
connector
proxy

[depend]
server

[after]
http
ssl
https
alpn
http2
http2c

[lib]
lib/proxy-protocol/*.jar

[xml]
etc/jetty-proxy-protocol-trusted.xml

[ini-template]
# tag::documentation[]
### Trusted PROXY protocol configuration

## The load balancers allowed to send a PROXY header: IPv4/IPv6 addresses or CIDRs,
## separated by commas. '*' trusts every peer (anyone who reaches the port can then
## claim any client address; a warning is logged). Required: Jetty does not start without it.
# jetty.proxyProtocol.trustedProxies=10.0.0.0/8

## Clients allowed to connect without a header, served with their own address
## (for example pods reaching an ingress directly). A peer in both lists may send
## a header or not. Addresses or CIDRs, separated by commas; empty for none.
# jetty.proxyProtocol.directClients=

## Milliseconds a connection has to send its whole header; it is closed after that.
## No thread waits meanwhile.
# jetty.proxyProtocol.headerTimeout=5000

## The accepted versions: v1, v2 or v1,v2.
# jetty.proxyProtocol.versions=v1,v2

## The largest header accepted, in bytes (107 to 65551).
# jetty.proxyProtocol.maxHeaderSize=4096

## Whether a v2 SSL TLV saying the client used TLS (a balancer offloading TLS)
## makes requests secure, with the https scheme.
# jetty.proxyProtocol.sslTlvSecure=true
# end::documentation[]
