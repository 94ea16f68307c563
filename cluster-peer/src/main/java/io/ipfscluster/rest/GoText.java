package io.ipfscluster.rest;

import java.nio.charset.StandardCharsets;

/**
 * Text functions of Go's standard library whose exact output the original's answers carry: {@code
 * path.Clean}, {@code strconv.Quote}, {@code http.CanonicalHeaderKey} and URL path escaping.
 *
 * <p>Thread-safe: stateless.
 */
final class GoText {
  private static final String HEX = "0123456789ABCDEF";

  private GoText() {}

  /**
   * Go's {@code path.Clean}: the shortest path with the same meaning, by purely lexical processing
   * ({@code //} → {@code /}, {@code .} dropped, {@code x/..} dropped, {@code ..} at the root
   * dropped); {@code "."} for an empty result of a relative path.
   */
  static String cleanPath(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.charAt(0) == '/';
    int n = path.length();
    StringBuilder out = new StringBuilder(n);
    int r = 0;
    int dotdot = 0;
    if (rooted) {
      out.append('/');
      r = 1;
      dotdot = 1;
    }
    while (r < n) {
      char c = path.charAt(r);
      if (c == '/') {
        r++;
      } else if (c == '.' && (r + 1 == n || path.charAt(r + 1) == '/')) {
        r++;
      } else if (c == '.'
          && path.charAt(r + 1) == '.'
          && (r + 2 == n || path.charAt(r + 2) == '/')) {
        r += 2;
        if (out.length() > dotdot) {
          int w = out.length() - 1;
          while (w > dotdot && out.charAt(w) != '/') {
            w--;
          }
          out.setLength(w);
        } else if (!rooted) {
          if (!out.isEmpty()) {
            out.append('/');
          }
          out.append("..");
          dotdot = out.length();
        }
      } else {
        if (rooted && out.length() != 1 || !rooted && !out.isEmpty()) {
          out.append('/');
        }
        while (r < n && path.charAt(r) != '/') {
          out.append(path.charAt(r++));
        }
      }
    }
    return out.isEmpty() ? "." : out.toString();
  }

  /** Go's {@code strconv.Quote}: double quotes, with Go escapes for what is not printable. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    s.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 11 -> sb.append("\\v");
                default -> {
                  if (c < 0x20 || c == 0x7f) {
                    sb.append(String.format("\\x%02x", c));
                  } else if (c >= 0x80 && !printable(c)) {
                    sb.append(
                        c > 0xFFFF ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
                  } else {
                    sb.appendCodePoint(c);
                  }
                }
              }
            });
    return sb.append('"').toString();
  }

  private static boolean printable(int c) {
    int type = Character.getType(c);
    return type != Character.CONTROL
        && type != Character.FORMAT
        && type != Character.SURROGATE
        && type != Character.PRIVATE_USE
        && type != Character.UNASSIGNED
        && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR
        && (type != Character.SPACE_SEPARATOR || c == ' ');
  }

  /**
   * Go's {@code http.CanonicalHeaderKey}: {@code content-type} → {@code Content-Type}; a key with a
   * character that cannot be in a header name is returned as it is.
   */
  static String canonicalHeaderKey(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c <= ' ' || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        return key;
      }
    }
    StringBuilder sb = new StringBuilder(key.length());
    boolean upper = true;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return sb.toString();
  }

  /** Escapes a URL path as Go's {@code url.URL.EscapedPath} does for a path without a raw form. */
  static String escapePath(String path) {
    StringBuilder sb = new StringBuilder(path.length() + 8);
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c >= '0' && c <= '9'
          || "-_.~$&+,/:;=@".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
      }
    }
    return sb.toString();
  }
}
