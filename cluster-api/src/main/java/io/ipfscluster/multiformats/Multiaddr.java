package io.ipfscluster.multiformats;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A multiaddr: a path of protocol components such as {@code /ip4/127.0.0.1/tcp/9096/p2p/12D3…},
 * with its binary form {@code (varint(code) value)*}, where variable-size values carry a varint
 * length.
 *
 * <p>Parsing and printing follow go-multiaddr, the implementation IPFS Cluster uses. The text form
 * is normalised: {@code /ipfs/} is written as {@code /p2p/}, peer IDs in base58btc, certhashes in
 * base64url and IPv6 addresses as RFC 5952 says (IPv4-mapped ones as {@code ::ffff:a.b.c.d}), so
 * equal addresses print equally. Trailing slashes are dropped; empty components are errors. A path
 * protocol ({@code /unix}) takes the rest of the address, and its binary value keeps the leading
 * '/': {@code /unix/a/b} is {@code 9003 04 "/a/b"}.
 *
 * <p>Immutable and thread-safe; equality is by the binary form.
 */
public final class Multiaddr {
  /**
   * One protocol and its binary value (empty for protocols without one; without the length prefix
   * for variable-size ones).
   *
   * @throws MultiformatException if the value is not valid for the protocol
   */
  public record Component(Protocol protocol, byte[] value) {
    public Component {
      Objects.requireNonNull(protocol, "protocol");
      value = value.clone();
      protocol.checkValue(value);
    }

    /** A copy of the value. */
    @Override
    public byte[] value() {
      return value.clone();
    }

    private void writeTo(ByteArrayOutputStream out) {
      Varint.write(protocol.code(), out);
      if (protocol.value().size < 0) {
        Varint.write(value.length, out);
      }
      out.writeBytes(value);
    }

    /** The value in text form ({@code ""} for protocols without one). */
    public String valueString() {
      return protocol.valueToString(value);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Component c && protocol == c.protocol && Arrays.equals(value, c.value);
    }

    @Override
    public int hashCode() {
      return protocol.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      if (!protocol.hasValue()) {
        return "/" + protocol.specName();
      }
      String v = valueString();
      return "/" + protocol.specName() + (v.startsWith("/") ? v : "/" + v);
    }
  }

  private final List<Component> components;
  private final byte[] bytes;

  private Multiaddr(List<Component> components) {
    this.components = List.copyOf(components);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Component c : components) {
      c.writeTo(out);
    }
    this.bytes = out.toByteArray();
  }

  /**
   * Parses the text form, for example {@code /dns4/example.com/tcp/443/wss}.
   *
   * @throws MultiformatException naming the text and what is wrong with it
   */
  public static Multiaddr parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new MultiformatException("invalid multiaddr \"\": empty string");
    }
    try {
      if (text.charAt(0) != '/') {
        throw new MultiformatException("it must begin with '/'");
      }
      String trimmed = text;
      while (trimmed.length() > 1 && trimmed.endsWith("/")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      String[] parts = trimmed.substring(1).split("/", -1);
      if (parts.length == 1 && parts[0].isEmpty()) {
        throw new MultiformatException("it has no components");
      }
      List<Component> components = new ArrayList<>();
      for (int i = 0; i < parts.length; i++) {
        String name = parts[i];
        Protocol p =
            Protocol.ofName(name)
                .orElseThrow(
                    () ->
                        new MultiformatException(
                            "unknown protocol " + MultiformatException.quote(name)));
        if (!p.hasValue()) {
          components.add(new Component(p, new byte[0]));
          continue;
        }
        if (p.value() == Protocol.Value.PATH) {
          String path = "/" + String.join("/", Arrays.copyOfRange(parts, i + 1, parts.length));
          if (i + 1 >= parts.length) {
            throw new MultiformatException("protocol " + name + " needs a path");
          }
          components.add(new Component(p, p.valueToBytes(path)));
          break;
        }
        if (++i >= parts.length) {
          throw new MultiformatException("protocol " + name + " needs a value");
        }
        components.add(new Component(p, p.valueToBytes(parts[i])));
      }
      return new Multiaddr(components);
    } catch (MultiformatException e) {
      throw new MultiformatException(
          "invalid multiaddr " + MultiformatException.quote(text) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes the binary form.
   *
   * @throws MultiformatException naming the bytes (in hex) and what is wrong with them
   */
  public static Multiaddr fromBytes(byte[] bytes) {
    try {
      if (bytes.length == 0) {
        throw new MultiformatException("it is empty");
      }
      List<Component> components = new ArrayList<>();
      int pos = 0;
      while (pos < bytes.length) {
        long code = Varint.read(bytes, pos);
        pos += Varint.size(code);
        Protocol p =
            Protocol.ofCode(code)
                .orElseThrow(() -> new MultiformatException("unknown protocol code " + code));
        int size = p.value().size;
        if (size < 0) {
          long len = Varint.read(bytes, pos);
          pos += Varint.size(len);
          size = (int) Math.min(len, Integer.MAX_VALUE);
        }
        if (size > bytes.length - pos) {
          throw new MultiformatException("the value of " + p.specName() + " is truncated");
        }
        components.add(new Component(p, Arrays.copyOfRange(bytes, pos, pos + size)));
        pos += size;
      }
      return new Multiaddr(components);
    } catch (MultiformatException e) {
      throw new MultiformatException(
          "invalid multiaddr " + MultiformatException.hex(bytes) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Builds a multiaddr from components, which validated their values when they were made.
   *
   * @throws IllegalArgumentException if there are none
   */
  public static Multiaddr of(List<Component> components) {
    if (components.isEmpty()) {
      throw new IllegalArgumentException("a multiaddr needs at least one component");
    }
    return new Multiaddr(components);
  }

  /** The components in order. */
  public List<Component> components() {
    return components;
  }

  /** The value of the first component with protocol {@code p}, in text form. */
  public Optional<String> valueOf(Protocol p) {
    return components.stream()
        .filter(c -> c.protocol() == p)
        .findFirst()
        .map(Component::valueString);
  }

  /** Whether some component uses protocol {@code p}. */
  public boolean has(Protocol p) {
    return components.stream().anyMatch(c -> c.protocol() == p);
  }

  /** The peer ID of the last {@code /p2p/} component, if any. */
  public Optional<PeerId> peerId() {
    for (int i = components.size() - 1; i >= 0; i--) {
      Component c = components.get(i);
      if (c.protocol() == Protocol.P2P) {
        return Optional.of(PeerId.fromBytes(c.value()));
      }
    }
    return Optional.empty();
  }

  /** This address without a trailing {@code /p2p/<id>}; itself when there is none. */
  public Multiaddr withoutPeerId() {
    int last = components.size() - 1;
    if (last > 0 && components.get(last).protocol() == Protocol.P2P) {
      return new Multiaddr(components.subList(0, last));
    }
    return this;
  }

  /** This address followed by {@code /p2p/<id>}, replacing a trailing peer ID if present. */
  public Multiaddr withPeerId(PeerId id) {
    List<Component> out = new ArrayList<>(withoutPeerId().components);
    if (out.size() == 1 && out.get(0).protocol() == Protocol.P2P) {
      out.clear();
    }
    out.add(new Component(Protocol.P2P, id.toBytes()));
    return new Multiaddr(out);
  }

  /** This address followed by {@code other}. */
  public Multiaddr encapsulate(Multiaddr other) {
    List<Component> out = new ArrayList<>(components);
    out.addAll(other.components);
    return new Multiaddr(out);
  }

  /** A copy of the binary form. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Component c : components) {
      sb.append(c);
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multiaddr other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }
}
