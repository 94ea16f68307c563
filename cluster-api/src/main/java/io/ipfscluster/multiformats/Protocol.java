package io.ipfscluster.multiformats;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The multiaddr protocols understood here, with their codes from the multiaddr table and the way
 * each encodes its value.
 *
 * <p>Thread-safe: an enum.
 */
public enum Protocol {
  IP4(4, "ip4", Value.IP4),
  TCP(6, "tcp", Value.PORT),
  DCCP(33, "dccp", Value.PORT),
  IP6(41, "ip6", Value.IP6),
  IP6ZONE(42, "ip6zone", Value.TEXT),
  IPCIDR(43, "ipcidr", Value.CIDR),
  DNS(53, "dns", Value.TEXT),
  DNS4(54, "dns4", Value.TEXT),
  DNS6(55, "dns6", Value.TEXT),
  DNSADDR(56, "dnsaddr", Value.TEXT),
  SCTP(132, "sctp", Value.PORT),
  UDP(273, "udp", Value.PORT),
  WEBRTC_DIRECT(280, "webrtc-direct", Value.NONE),
  WEBRTC(281, "webrtc", Value.NONE),
  P2P_CIRCUIT(290, "p2p-circuit", Value.NONE),
  UNIX(400, "unix", Value.PATH),
  P2P(421, "p2p", Value.PEER_ID),
  HTTPS(443, "https", Value.NONE),
  TLS(448, "tls", Value.NONE),
  SNI(449, "sni", Value.TEXT),
  NOISE(454, "noise", Value.NONE),
  QUIC(460, "quic", Value.NONE),
  QUIC_V1(461, "quic-v1", Value.NONE),
  WEBTRANSPORT(465, "webtransport", Value.NONE),
  CERTHASH(466, "certhash", Value.CERTHASH),
  WS(477, "ws", Value.NONE),
  WSS(478, "wss", Value.NONE),
  HTTP(480, "http", Value.NONE);

  /** How a protocol's value is written in binary and text. */
  enum Value {
    NONE(0),
    IP4(4),
    IP6(16),
    PORT(2),
    CIDR(1),
    TEXT(-1),
    PATH(-1),
    PEER_ID(-1),
    CERTHASH(-1);

    /** Fixed size in bytes, or -1 for a length-prefixed value. */
    final int size;

    Value(int size) {
      this.size = size;
    }
  }

  private final int code;
  private final String specName;
  private final Value value;

  Protocol(int code, String specName, Value value) {
    this.code = code;
    this.specName = specName;
    this.value = value;
  }

  /** The code in the multiaddr table. */
  public int code() {
    return code;
  }

  /** The name in the multiaddr table, for example {@code quic-v1}. */
  public String specName() {
    return specName;
  }

  /** Whether a value follows the protocol name. */
  public boolean hasValue() {
    return value != Value.NONE;
  }

  Value value() {
    return value;
  }

  /** Returns the protocol with this code, if known here. */
  public static Optional<Protocol> ofCode(long code) {
    for (Protocol p : values()) {
      if (p.code == code) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Returns the protocol named {@code name}; {@code ipfs} is the legacy name of {@code p2p}. */
  public static Optional<Protocol> ofName(String name) {
    if (name.equals("ipfs")) {
      return Optional.of(P2P);
    }
    for (Protocol p : values()) {
      if (p.specName.equals(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Encodes a text value to its binary form (without the length prefix). */
  byte[] valueToBytes(String text) {
    return switch (value) {
      case NONE -> new byte[0];
      case IP4 -> IpText.parseIp4(text);
      case IP6 -> IpText.parseIp6(text);
      case PORT -> {
        int port = parseNumber(text, 65535);
        yield new byte[] {(byte) (port >>> 8), (byte) port};
      }
      case CIDR -> new byte[] {(byte) parseNumber(text, 255)};
      case TEXT, PATH -> {
        if (text.isEmpty()) {
          throw new MultiformatException(specName + " needs a non-empty value");
        }
        yield text.getBytes(StandardCharsets.UTF_8);
      }
      case PEER_ID -> PeerId.parse(text).toBytes();
      case CERTHASH -> Multihash.fromBytes(Multibase.decode(text)).toBytes();
    };
  }

  /** Writes a binary value as text. */
  String valueToString(byte[] bytes) {
    return switch (value) {
      case NONE -> "";
      case IP4 -> IpText.formatIp4(bytes, 0);
      case IP6 -> IpText.formatIp6(bytes, 0);
      case PORT -> Integer.toString(((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF));
      case CIDR -> Integer.toString(bytes[0] & 0xFF);
      case TEXT, PATH -> new String(bytes, StandardCharsets.UTF_8);
      case PEER_ID -> PeerId.fromBytes(bytes).toString();
      case CERTHASH -> Multibase.BASE64_URL.encode(bytes);
    };
  }

  /**
   * Checks a binary value (without its length prefix), as read off the wire or given to {@link
   * Multiaddr.Component}.
   *
   * @throws MultiformatException naming the protocol and the value if it is not valid
   */
  void checkValue(byte[] bytes) {
    String problem = problemWith(bytes);
    if (problem != null) {
      throw new MultiformatException(
          "invalid " + specName + " value " + MultiformatException.hex(bytes) + ": " + problem);
    }
  }

  /** What is wrong with a binary value, or null; the rules are go-multiaddr's. */
  private String problemWith(byte[] bytes) {
    if (value.size >= 0 && bytes.length != value.size) {
      return value.size == 0
          ? "the protocol takes no value"
          : "it must be " + value.size + " bytes, not " + bytes.length;
    }
    try {
      switch (value) {
        case TEXT, PATH -> {
          if (bytes.length == 0) {
            return "it is empty";
          }
          String s =
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .onUnmappableCharacter(CodingErrorAction.REPORT)
                  .decode(ByteBuffer.wrap(bytes))
                  .toString();
          if (value == Value.TEXT && s.indexOf('/') >= 0) {
            return "it must not contain '/'";
          }
          if (value == Value.PATH && !s.startsWith("/")) {
            return "a path must begin with '/'";
          }
          if (value == Value.PATH && s.endsWith("/")) {
            return "a path must not end with '/'";
          }
        }
        case PEER_ID -> PeerId.fromBytes(bytes);
        case CERTHASH -> Multihash.fromBytes(bytes);
        default -> {}
      }
    } catch (CharacterCodingException e) {
      return "it is not UTF-8";
    } catch (MultiformatException e) {
      return e.getMessage();
    }
    return null;
  }

  private int parseNumber(String text, int max) {
    if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new MultiformatException(
          "invalid " + specName + " value " + MultiformatException.quote(text));
    }
    int v = Integer.parseInt(text);
    if (v > max) {
      throw new MultiformatException(
          specName + " value " + v + " is out of range (at most " + max + ")");
    }
    return v;
  }
}
