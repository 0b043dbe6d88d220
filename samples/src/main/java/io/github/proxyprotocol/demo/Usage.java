package io.github.proxyprotocol.demo;

/** The demo's help texts. */
final class Usage {
    static final String SERVE = """
            Usage: java -jar proxy-protocol-demo.jar [serve] [OPTIONS]

            Starts Tomcat, Jetty, Undertow and Reactor Netty, each with PROXY-protocol listeners, answering
            GET /whoami with JSON: the client address each container reports, the real peer
            (the balancer) and the PROXY header with its TLVs ("proxy": null for a direct client).
            When a container listens it prints: ready container=NAME http=PORT [https=PORT]

              --container=NAME        tomcat, jetty, undertow, netty or all (default), or a comma-separated list
              --host=ADDRESS          the address to listen on (default 0.0.0.0: every interface)
              --port=N                the first HTTP port (default 8080); the containers take consecutive
                                      ports in the order tomcat, jetty, undertow, netty: 8080, 8081,
                                      8082, 8083.
                                      0: every listener takes any free port
              --tls-port=N            the first HTTPS port, numbered the same way (0: any free ports); no
                                      HTTPS without it. The certificate is the demo's own, self-signed, for
                                      localhost, 127.0.0.1 and ::1. The PROXY header comes before TLS.

            PROXY protocol settings, the same for every listener:
              --trusted-proxies=CIDRS the peers allowed to send a header (default 127.0.0.1/32,::1/128); * for any
              --direct-clients=CIDRS  the peers served without a header (default: none)
              --header-timeout=MS     how long a peer has to send its whole header (default 5000)
              --versions=LIST         v1, v2 or v1,v2 (default)
              --max-header-size=BYTES the largest header accepted (default 4096)
              --ssl-tlv-secure=BOOL   whether an SSL TLV makes the request secure, https (default true)

              --help                  prints this help

            A peer in neither list is closed at once; a trusted peer must send a valid header in time.

            Try it without a balancer:
              curl --haproxy-protocol http://127.0.0.1:8080/whoami
              java -jar proxy-protocol-demo.jar request --help
            """;

    static final String REQUEST = """
            Usage: java -jar proxy-protocol-demo.jar request [OPTIONS] URL

            Connects to URL's host and port, sends a PROXY protocol header, then (with --tls or an https
            URL) starts TLS, sends GET with Connection: close and prints the response: status line,
            headers and body. Exits with 1 if the server closes without a response.

              --version=1|2           the header's version (default 2)
              --source=IP:PORT        the client address the header claims, e.g. 203.0.113.7:4242 or
                                      [2001:db8::7]:4242 (default: this connection's own local address)
              --destination=IP:PORT   the address the header says the client connected to, e.g. 192.0.2.1:443
                                      (default: this connection's own remote address)
              --bind=IP               the local address to connect from, e.g. 127.0.0.2 to play a peer the
                                      server does not trust

            TLVs (version 2 only):
              --authority=NAME        an AUTHORITY TLV (the host name the client asked for)
              --alpn=PROTOCOL         an ALPN TLV, e.g. h2
              --unique-id=TEXT        a UNIQUE_ID TLV (at most 128 bytes)
              --ssl-version=VERSION   an SSL TLV: the client spoke TLS (this version, e.g. TLSv1.3) to the balancer
              --ssl-cn=NAME           an SSL TLV with a verified client certificate of this common name
              --crc32c                a CRC32C TLV (the server checks it)
              --local                 the LOCAL command (a balancer's health check) instead of PROXY

              --tls                   starts TLS after the header (implied by an https URL). The client trusts
                                      ANY certificate, without checking it: it is a test tool for servers with
                                      self-signed certificates, not a secure client.
              --timeout=MS            connect and read timeout (default 10000)
              --help                  prints this help

            Example:
              java -jar proxy-protocol-demo.jar request --version=2 --source=203.0.113.7:4242 \\
                  --destination=192.0.2.1:443 --authority=example.com http://127.0.0.1:8080/whoami
            """;

    private Usage() {}
}
