package io.ipfscluster.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * URL query strings as Go's {@code net/url} reads and writes them, so that the REST API and its
 * clients agree with the original byte for byte.
 *
 * <p>{@link #encode} sorts by key and escapes like {@code url.QueryEscape} (space as {@code +},
 * only {@code A-Z a-z 0-9 - _ . ~} left as they are). {@link #parse} is lenient like {@code
 * URL.Query()}: pairs with a malformed escape or a {@code ;} in them are dropped.
 *
 * <p>Thread-safe: stateless.
 */
public final class QueryString {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  private QueryString() {}

  /** Parses {@code a=1&b=2&a=3} into keys in first-seen order, each with its values in order. */
  public static Map<String, List<String>> parse(String query) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (query == null) {
      return out;
    }
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty() || pair.indexOf(';') >= 0) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = unescape(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : unescape(pair.substring(eq + 1));
      if (key != null && value != null) {
        out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      }
    }
    return out;
  }

  /** Writes {@code params} sorted by key, each value as its own {@code key=value} pair. */
  public static String encode(Map<String, List<String>> params) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, List<String>> e : new TreeMap<>(params).entrySet()) {
      String key = escape(e.getKey());
      for (String v : e.getValue()) {
        if (!sb.isEmpty()) {
          sb.append('&');
        }
        sb.append(key).append('=').append(escape(v));
      }
    }
    return sb.toString();
  }

  /** Escapes like Go's {@code url.QueryEscape}. */
  public static String escape(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      if (b >= 'a' && b <= 'z'
          || b >= 'A' && b <= 'Z'
          || b >= '0' && b <= '9'
          || b == '-'
          || b == '_'
          || b == '.'
          || b == '~') {
        out.write(b);
      } else if (b == ' ') {
        out.write('+');
      } else {
        out.write('%');
        out.write(HEX[(b >> 4) & 0xF]);
        out.write(HEX[b & 0xF]);
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  /** The first value of {@code name}, or {@code ""}, like Go's {@code url.Values.Get}. */
  static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() || values.get(0) == null ? "" : values.get(0);
  }

  /** Unescapes like Go's {@code url.QueryUnescape}; null when an escape is malformed. */
  private static String unescape(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
      return s;
    }
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    for (int i = 0; i < in.length; i++) {
      byte b = in[i];
      if (b == '+') {
        out.write(' ');
      } else if (b == '%') {
        if (i + 2 >= in.length) {
          return null;
        }
        int hi = Character.digit(in[i + 1], 16);
        int lo = Character.digit(in[i + 2], 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        out.write(b);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
