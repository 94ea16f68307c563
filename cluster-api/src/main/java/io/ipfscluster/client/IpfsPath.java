package io.ipfscluster.client;

import io.ipfscluster.multiformats.Cid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * IPFS paths as the original's client reads them (boxo's {@code path.NewPath}): {@code
 * /ipfs/<cid>/…}, {@code /ipld/<cid>/…} or {@code /ipns/<name>/…}, cleaned; anything else is tried
 * again as {@code /ipfs/<text>}.
 *
 * <p>Thread-safe: stateless.
 */
final class IpfsPath {
  private static final String HEX = "0123456789ABCDEF";

  private IpfsPath() {}

  /**
   * The cleaned path, escaped for a request target.
   *
   * @throws IllegalArgumentException {@code invalid path "<p>": <why>}
   */
  static String parse(String text) {
    try {
      return escapePath(newPath(text));
    } catch (IllegalArgumentException first) {
      return escapePath(newPath("/ipfs/" + text));
    }
  }

  private static String newPath(String str) {
    String cleaned = clean(str);
    String trimmed = cleaned.equals(".") || cleaned.equals("/") ? "" : cleaned.replaceAll("^/", "");
    String[] segments = trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    if (!str.startsWith("/") || segments.length < 2 || segments[1].isEmpty()) {
      throw invalid(str, "path does not have enough components");
    }
    String out = "/" + String.join("/", segments) + (str.endsWith("/") ? "/" : "");
    switch (segments[0]) {
      case "ipfs", "ipld" -> {
        try {
          Cid.parse(segments[1]);
        } catch (IllegalArgumentException e) {
          throw invalid(str, e.getMessage());
        }
      }
      case "ipns" -> {}
      default -> throw invalid(str, "unknown namespace: \"" + segments[0] + "\"");
    }
    return out;
  }

  private static IllegalArgumentException invalid(String path, String why) {
    return new IllegalArgumentException("invalid path \"" + path + "\": " + why);
  }

  /** Go's {@code path.Clean}. */
  static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.charAt(0) == '/';
    Deque<String> out = new ArrayDeque<>();
    for (String seg : path.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (!out.isEmpty() && !out.peekLast().equals("..")) {
          out.removeLast();
        } else if (!rooted) {
          out.addLast("..");
        }
        continue;
      }
      out.addLast(seg);
    }
    String joined = String.join("/", out);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

  /**
   * Escapes a URL path as Go's {@code URL.EscapedPath} does: unreserved characters, {@code
   * $&+,/:;=@} and valid {@code %XX} escapes stay; everything else is percent-encoded.
   */
  static String escapePath(String path) {
    byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length + 8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xFF;
      boolean keep =
          b >= 'a' && b <= 'z'
              || b >= 'A' && b <= 'Z'
              || b >= '0' && b <= '9'
              || "-_.~$&+,/:;=@".indexOf(b) >= 0
              || b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
      if (keep) {
        sb.append((char) b);
      } else {
        sb.append('%').append(HEX.charAt(b >> 4)).append(HEX.charAt(b & 0xF));
      }
    }
    return sb.toString();
  }

  private static boolean isHex(byte b) {
    return b >= '0' && b <= '9' || b >= 'a' && b <= 'f' || b >= 'A' && b <= 'F';
  }
}
