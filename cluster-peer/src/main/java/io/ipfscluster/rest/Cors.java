package io.ipfscluster.rest;

import io.ipfscluster.config.HttpApiConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.jetty.http.HttpFields;

/**
 * Cross-origin requests answered as rs/cors 1.11 answers them for the original, from the {@code
 * cors_*} settings.
 *
 * <p>A preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) always gets {@code
 * Vary}, and the allow headers only when its origin, method and requested headers are all allowed;
 * the caller then answers 204. Other requests get {@code Vary: Origin}, and when their origin and
 * method are allowed {@code Access-Control-Allow-Origin}, the exposed headers and credentials.
 * Origins compare case-insensitively and may hold one {@code *} wildcard; requested headers must be
 * allowed, lower-case, sorted and unique, as browsers send them.
 *
 * <p>Immutable; thread-safe.
 */
final class Cors {
  private static final String PREFLIGHT_VARY =
      "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
  private static final int MAX_OWS = 1;
  private static final int MAX_EMPTY_ELEMENTS = 16;

  private final boolean allOrigins;
  private final List<String> origins = new ArrayList<>();
  private final List<String[]> wildcardOrigins = new ArrayList<>();
  private final boolean allHeaders;
  private final Map<String, Integer> headerPositions = new HashMap<>();
  private final int longestHeader;
  private final List<String> methods;
  private final String exposedHeaders;
  private final boolean allowCredentials;
  private final String maxAge;

  Cors(HttpApiConfig config) {
    boolean all = config.corsAllowedOrigins().isEmpty();
    for (String o : config.corsAllowedOrigins()) {
      String origin = o.toLowerCase(Locale.ROOT);
      int star = origin.indexOf('*');
      if (origin.equals("*")) {
        all = true;
        break;
      } else if (star >= 0) {
        wildcardOrigins.add(new String[] {origin.substring(0, star), origin.substring(star + 1)});
      } else {
        origins.add(origin);
      }
    }
    allOrigins = all;
    List<String> headers =
        config.corsAllowedHeaders().isEmpty()
            ? List.of("accept", "content-type", "x-requested-with")
            : config.corsAllowedHeaders();
    allHeaders = headers.contains("*");
    int longest = 0;
    if (!allHeaders) {
      for (String h :
          new TreeSet<>(headers.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList())) {
        headerPositions.put(h, headerPositions.size());
        longest = Math.max(longest, h.length());
      }
    }
    longestHeader = longest;
    methods =
        config.corsAllowedMethods().isEmpty()
            ? List.of("GET", "POST", "HEAD")
            : config.corsAllowedMethods();
    exposedHeaders =
        config.corsExposedHeaders().isEmpty()
            ? null
            : String.join(
                ", ",
                config.corsExposedHeaders().stream().map(GoText::canonicalHeaderKey).toList());
    allowCredentials = config.corsAllowCredentials();
    long seconds = config.corsMaxAge().toSeconds();
    maxAge = seconds > 0 ? Long.toString(seconds) : null;
  }

  /** Whether the request is a preflight, which this class answers alone. */
  static boolean isPreflight(String method, HttpFields request) {
    return method.equals("OPTIONS") && !first(request, "Access-Control-Request-Method").isEmpty();
  }

  /** Adds the headers of a preflight answer (its status is 204). */
  void preflight(HttpFields request, HttpFields.Mutable response) {
    response.add("Vary", PREFLIGHT_VARY);
    String origin = first(request, "Origin");
    if (origin.isEmpty() || !originAllowed(origin)) {
      return;
    }
    if (!methodAllowed(first(request, "Access-Control-Request-Method"))) {
      return;
    }
    List<String> requested = request.getValuesList("Access-Control-Request-Headers");
    boolean found = !requested.isEmpty();
    if (found && !allHeaders && !headersAllowed(requested)) {
      return;
    }
    if (allOrigins) {
      response.put("Access-Control-Allow-Origin", "*");
    } else {
      request.getValuesList("Origin").forEach(v -> response.add("Access-Control-Allow-Origin", v));
    }
    request
        .getValuesList("Access-Control-Request-Method")
        .forEach(v -> response.add("Access-Control-Allow-Methods", v));
    if (found && !requested.get(0).isEmpty()) {
      requested.forEach(v -> response.add("Access-Control-Allow-Headers", v));
    }
    if (allowCredentials) {
      response.put("Access-Control-Allow-Credentials", "true");
    }
    if (maxAge != null) {
      response.put("Access-Control-Max-Age", maxAge);
    }
  }

  /** Adds the headers of an actual (not preflight) request's answer. */
  void actual(String method, HttpFields request, HttpFields.Mutable response) {
    response.add("Vary", "Origin");
    String origin = first(request, "Origin");
    if (origin.isEmpty() || !originAllowed(origin) || !methodAllowed(method)) {
      return;
    }
    if (allOrigins) {
      response.put("Access-Control-Allow-Origin", "*");
    } else {
      request.getValuesList("Origin").forEach(v -> response.add("Access-Control-Allow-Origin", v));
    }
    if (exposedHeaders != null) {
      response.put("Access-Control-Expose-Headers", exposedHeaders);
    }
    if (allowCredentials) {
      response.put("Access-Control-Allow-Credentials", "true");
    }
  }

  private boolean originAllowed(String origin) {
    if (allOrigins) {
      return true;
    }
    String o = origin.toLowerCase(Locale.ROOT);
    if (origins.contains(o)) {
      return true;
    }
    for (String[] w : wildcardOrigins) {
      if (o.length() >= w[0].length() + w[1].length() && o.startsWith(w[0]) && o.endsWith(w[1])) {
        return true;
      }
    }
    return false;
  }

  private boolean methodAllowed(String method) {
    return !methods.isEmpty() && (method.equals("OPTIONS") || methods.contains(method));
  }

  /** rs/cors's check of Access-Control-Request-Headers: known, sorted, unique names. */
  private boolean headersAllowed(List<String> values) {
    int maxLen = MAX_OWS + longestHeader + MAX_OWS + 1;
    int lastPosition = -1;
    int empty = 0;
    for (String value : values) {
      String s = value;
      while (true) {
        int end = Math.min(s.length(), maxLen);
        int comma = s.substring(0, end).indexOf(',');
        String name = comma >= 0 ? s.substring(0, comma) : s;
        s = comma >= 0 ? s.substring(comma + 1) : "";
        name = trimOws(name);
        if (name == null) {
          return false;
        }
        if (name.isEmpty()) {
          if (++empty > MAX_EMPTY_ELEMENTS) {
            return false;
          }
        } else {
          Integer position = headerPositions.get(name);
          if (position == null || position <= lastPosition) {
            return false;
          }
          lastPosition = position;
        }
        if (comma < 0) {
          break;
        }
      }
    }
    return true;
  }

  /** Trims at most {@value #MAX_OWS} space or tab at each end; null when there are more. */
  private static String trimOws(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return start > MAX_OWS || s.length() - end > MAX_OWS ? null : s.substring(start, end);
  }

  private static String first(HttpFields fields, String name) {
    String v = fields.get(name);
    return v == null ? "" : v;
  }
}
