package io.ipfscluster.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One connection to an API endpoint: a TCP socket (TLS on top for https) or a Unix domain socket.
 * Reads and writes may run at the same time from two threads.
 *
 * <p>Not thread-safe otherwise; closed by its one owner (or by a {@link Watchdog.Guard}).
 */
final class Connection implements Closeable {
  private final Closeable channel;
  final InputStream in;
  final OutputStream out;

  private Connection(Closeable channel, InputStream in, OutputStream out) {
    this.channel = channel;
    this.in = in;
    this.out = out;
  }

  /**
   * Connects to {@code ep}, trying each address of a DNS name in turn; {@code guard} closes the
   * connection in progress when the request's deadline passes.
   */
  static Connection open(Endpoint ep, Tls tls, Duration connectTimeout, Watchdog.Guard guard)
      throws IOException {
    if (ep.socket() != null) {
      SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      guard.watch(ch);
      try {
        ch.connect(UnixDomainSocketAddress.of(ep.socket()));
      } catch (IOException e) {
        ch.close();
        throw new IOException(
            "dial unix " + ep.socket() + ": connect: " + DialException.reason(e), e);
      }
      return new Connection(ch, new ChannelIn(ch), new ChannelOut(ch));
    }
    List<InetAddress> addrs = ep.resolve();
    IOException last = null;
    for (InetAddress a : addrs) {
      Socket s = new Socket();
      guard.watch(s);
      try {
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(a, ep.port()), (int) connectTimeout.toMillis());
      } catch (IOException e) {
        s.close();
        last = new DialException(a, ep.port(), e);
        if (guard.fired()) {
          throw last;
        }
        continue;
      }
      if (ep.tls()) {
        SSLSocket ssl = (SSLSocket) tls.factory().createSocket(s, ep.host(), ep.port(), true);
        guard.watch(ssl);
        try {
          tls.configure(ssl);
          ssl.startHandshake();
        } catch (IOException e) {
          ssl.close();
          throw new TlsException(e);
        }
        return new Connection(ssl, ssl.getInputStream(), ssl.getOutputStream());
      }
      return new Connection(s, s.getInputStream(), s.getOutputStream());
    }
    throw last;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /** A failed TCP connect, worded as Go's dialer words it. */
  static final class DialException extends IOException {
    private static final long serialVersionUID = 1L;

    DialException(InetAddress a, int port, IOException cause) {
      super(
          "dial tcp "
              + (a.getHostAddress().indexOf(':') >= 0
                  ? "[" + a.getHostAddress() + "]"
                  : a.getHostAddress())
              + ":"
              + port
              + ": connect: "
              + reason(cause),
          cause);
    }

    static String reason(IOException e) {
      String m = String.valueOf(e.getMessage());
      if (m.startsWith("Connection refused")) {
        return "connection refused";
      }
      if (e instanceof java.nio.file.NoSuchFileException || m.contains("No such file")) {
        return "no such file or directory";
      }
      if (m.startsWith("Connection refused")) {
        return "connection refused";
      }
      if (m.contains("timed out")) {
        return "i/o timeout";
      }
      return m.toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A failed TLS handshake. */
  static final class TlsException extends IOException {
    private static final long serialVersionUID = 1L;

    TlsException(IOException cause) {
      super("tls: " + cause.getMessage(), cause);
    }
  }

  /** The TLS settings of a client: its trust, and whether certificates are checked. */
  static final class Tls {
    private final SSLContext context;
    private final boolean skipCheck;
    private volatile SSLSocketFactory factory;

    Tls(SSLContext context, boolean skipCheck) {
      this.context = context;
      this.skipCheck = skipCheck;
    }

    SSLSocketFactory factory() throws IOException {
      SSLSocketFactory f = factory;
      if (f == null) {
        try {
          SSLContext ctx = context;
          if (skipCheck) {
            ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new X509ExtendedTrustManager[] {new TrustAll()}, null);
          } else if (ctx == null) {
            ctx = SSLContext.getDefault();
          }
          f = ctx.getSocketFactory();
          factory = f;
        } catch (GeneralSecurityException e) {
          throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
      }
      return f;
    }

    void configure(SSLSocket s) {
      SSLParameters p = s.getSSLParameters();
      p.setProtocols(
          List.of(p.getProtocols()).stream()
              .filter(v -> v.equals("TLSv1.2") || v.equals("TLSv1.3"))
              .toArray(String[]::new));
      if (!skipCheck) {
        p.setEndpointIdentificationAlgorithm("HTTPS");
      }
      s.setSSLParameters(p);
    }
  }

  /** Accepts every certificate: {@code --no-check-certificate}. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  /**
   * Reads a socket channel directly: {@code Channels.newInputStream} would hold the channel's
   * blocking lock and so stop writes while a read waits.
   */
  private static final class ChannelIn extends InputStream {
    private final SocketChannel ch;

    ChannelIn(SocketChannel ch) {
      this.ch = ch;
    }

    @Override
    public int read() throws IOException {
      byte[] b = new byte[1];
      int n = read(b, 0, 1);
      return n < 0 ? -1 : b[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      return ch.read(ByteBuffer.wrap(b, off, len));
    }
  }

  private static final class ChannelOut extends OutputStream {
    private final SocketChannel ch;

    ChannelOut(SocketChannel ch) {
      this.ch = ch;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ByteBuffer buf = ByteBuffer.wrap(b, off, len);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }
}
