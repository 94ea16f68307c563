package io.ipfscluster.multiformats;

/**
 * Parses and prints IP address literals without ever touching DNS (unlike {@code InetAddress}),
 * printing IPv6 the way go-multiaddr does: RFC 5952 (lowercase, the longest run of two or more zero
 * groups as {@code ::}, the first on a tie), and {@code ::ffff:a.b.c.d} for IPv4-mapped addresses.
 *
 * <p>Parsing is strict: ASCII digits only, no leading zeros in IPv4 parts (Go rejects them since
 * 1.17, as they once meant octal), no zones, and a dotted IPv4 only as the last 32 bits of IPv6.
 *
 * <p>Thread-safe: stateless.
 */
final class IpText {
  private IpText() {}

  static byte[] parseIp4(String s) {
    byte[] out = new byte[4];
    if (!parseIp4Into(s, out, 0)) {
      throw new MultiformatException("invalid IPv4 address " + MultiformatException.quote(s));
    }
    return out;
  }

  private static boolean parseIp4Into(String s, byte[] out, int offset) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return false;
      }
      int v = 0;
      for (int j = 0; j < p.length(); j++) {
        char c = p.charAt(j);
        if (c < '0' || c > '9') {
          return false;
        }
        v = v * 10 + (c - '0');
      }
      if (v > 255) {
        return false;
      }
      out[offset + i] = (byte) v;
    }
    return true;
  }

  static String formatIp4(byte[] b, int offset) {
    return (b[offset] & 0xFF)
        + "."
        + (b[offset + 1] & 0xFF)
        + "."
        + (b[offset + 2] & 0xFF)
        + "."
        + (b[offset + 3] & 0xFF);
  }

  static byte[] parseIp6(String s) {
    byte[] out = new byte[16];
    if (!parseIp6Into(s, out)) {
      throw new MultiformatException("invalid IPv6 address " + MultiformatException.quote(s));
    }
    return out;
  }

  private static boolean parseIp6Into(String s, byte[] out) {
    if (s.isEmpty()) {
      return false;
    }
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    String head = gap >= 0 ? s.substring(0, gap) : s;
    String tail = gap >= 0 ? s.substring(gap + 2) : "";
    byte[] headBytes = new byte[16];
    byte[] tailBytes = new byte[16];
    // A dotted IPv4 part ends the address: it may close the head only if there is no "::".
    int headLen = parseGroups(head, headBytes, gap < 0);
    int tailLen = gap >= 0 ? parseGroups(tail, tailBytes, true) : 0;
    if (headLen < 0 || tailLen < 0) {
      return false;
    }
    if (gap < 0 ? headLen != 16 : headLen + tailLen > 14) {
      return false;
    }
    System.arraycopy(headBytes, 0, out, 0, headLen);
    System.arraycopy(tailBytes, 0, out, 16 - tailLen, tailLen);
    return true;
  }

  /** Parses colon-separated groups; the last may be a dotted IPv4. Returns bytes, or -1. */
  private static int parseGroups(String s, byte[] out, boolean ip4Allowed) {
    if (s.isEmpty()) {
      return 0;
    }
    String[] groups = s.split(":", -1);
    int pos = 0;
    for (int i = 0; i < groups.length; i++) {
      String g = groups[i];
      if (i == groups.length - 1 && ip4Allowed && g.indexOf('.') >= 0) {
        if (pos + 4 > 16 || !parseIp4Into(g, out, pos)) {
          return -1;
        }
        return pos + 4;
      }
      if (g.isEmpty() || g.length() > 4 || pos + 2 > 16) {
        return -1;
      }
      int v = 0;
      for (int j = 0; j < g.length(); j++) {
        char c = g.charAt(j);
        int d = c < 128 ? Character.digit(c, 16) : -1; // Character.digit knows non-ASCII digits
        if (d < 0) {
          return -1;
        }
        v = (v << 4) | d;
      }
      out[pos++] = (byte) (v >>> 8);
      out[pos++] = (byte) v;
    }
    return pos;
  }

  static String formatIp6(byte[] b, int offset) {
    boolean mapped = true;
    for (int i = 0; i < 10; i++) {
      mapped &= b[offset + i] == 0;
    }
    if (mapped && b[offset + 10] == (byte) 0xFF && b[offset + 11] == (byte) 0xFF) {
      return "::ffff:" + formatIp4(b, offset + 12);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[offset + 2 * i] & 0xFF) << 8) | (b[offset + 2 * i + 1] & 0xFF);
    }
    // The longest run of at least two zero groups (first one on ties) becomes "::".
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }
}
