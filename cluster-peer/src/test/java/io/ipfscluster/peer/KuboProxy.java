package io.ipfscluster.peer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of an IPFS node's RPC API whose behaviour a test switches: forward every
 * connection, accept connections and never answer ({@link #hang()}: a node that stopped
 * responding), or refuse them ({@link #refuse()}: a node that is down). Each switch drops the
 * connections open at the time, so calls in progress fail and pooled connections are not reused.
 *
 * <p>Thread-safe; {@link #close()} stops it for good.
 */
final class KuboProxy implements AutoCloseable {
  private enum Mode {
    FORWARD,
    HANG,
    REFUSE
  }

  private final InetSocketAddress backend;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private ServerSocket listener; // guarded by this
  private volatile Mode mode;

  private KuboProxy(InetSocketAddress backend, ServerSocket listener, Mode mode) {
    this.backend = backend;
    this.listener = listener;
    this.port = listener.getLocalPort();
    this.mode = mode;
    acceptOn(listener);
  }

  /** A proxy on a free loopback port forwarding to {@code backend}. */
  static KuboProxy forwardingTo(InetSocketAddress backend) {
    return new KuboProxy(backend, listen(0), Mode.FORWARD);
  }

  /** A proxy on a free loopback port that accepts connections and never answers. */
  static KuboProxy hangingBefore(InetSocketAddress backend) {
    return new KuboProxy(backend, listen(0), Mode.HANG);
  }

  /** The proxy's address, for {@code ipfs_connector.ipfshttp.node_multiaddress}. */
  String multiaddr() {
    return "/ip4/127.0.0.1/tcp/" + port;
  }

  /** Forwards new connections to the node again. */
  synchronized void forward() {
    switchTo(Mode.FORWARD);
  }

  /** Accepts new connections and holds them without an answer. */
  synchronized void hang() {
    switchTo(Mode.HANG);
  }

  /** Stops listening: connecting is refused. */
  synchronized void refuse() {
    mode = Mode.REFUSE;
    closeListener();
    dropConnections();
  }

  private void switchTo(Mode next) {
    mode = next;
    dropConnections();
    if (listener == null) {
      listener = listen(port);
      acceptOn(listener);
    }
  }

  @Override
  public synchronized void close() {
    mode = Mode.REFUSE;
    closeListener();
    dropConnections();
  }

  private static ServerSocket listen(int port) {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port, e);
    }
  }

  private void acceptOn(ServerSocket s) {
    Thread.ofVirtual()
        .name("kubo-proxy-accept")
        .start(
            () -> {
              while (!s.isClosed()) {
                try {
                  serve(s.accept());
                } catch (IOException e) {
                  return; // closed
                }
              }
            });
  }

  private void serve(Socket client) {
    open.add(client);
    if (mode == Mode.FORWARD) {
      try {
        Socket node = new Socket(backend.getAddress(), backend.getPort());
        open.add(node);
        pump(client, node);
        pump(node, client);
      } catch (IOException e) {
        drop(client);
      }
    } else {
      pump(client, OutputStream.nullOutputStream()); // read the request, never answer
    }
  }

  private void pump(Socket from, Socket to) {
    Thread.ofVirtual()
        .start(
            () -> {
              try (InputStream in = from.getInputStream()) {
                in.transferTo(to.getOutputStream());
              } catch (IOException e) {
                // one side was dropped
              } finally {
                drop(from);
                drop(to);
              }
            });
  }

  private void pump(Socket from, OutputStream sink) {
    Thread.ofVirtual()
        .start(
            () -> {
              try (InputStream in = from.getInputStream()) {
                in.transferTo(sink);
              } catch (IOException e) {
                // dropped
              } finally {
                drop(from);
              }
            });
  }

  private void closeListener() {
    if (listener != null) {
      try {
        listener.close();
      } catch (IOException e) {
        // already closed
      }
      listener = null;
    }
  }

  private void dropConnections() {
    open.forEach(this::drop);
  }

  private void drop(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
