package io.ipfscluster.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The route table, matched as gorilla/mux matches the original's: routes are tried in the order
 * they were added, the first whose method and path template both match wins; a path that some route
 * matches with another method is 405, any other path 404.
 *
 * <p>Templates use {@code {name}} for one path segment and {@code {name:regex}} for a variable
 * matched by a regular expression ({@code {path:.*}} is greedy and may span segments).
 *
 * <p>Immutable after construction; thread-safe.
 */
final class Router {
  private static final Pattern VARIABLE = Pattern.compile("\\{([a-zA-Z]+)(?::([^}]*))?}");

  /**
   * One route: a method, a path template and what answers it; {@code prefix} is the template's text
   * before its first variable, which every path it matches starts with.
   */
  private record Route(
      String method,
      String template,
      String prefix,
      Pattern path,
      List<String> names,
      Endpoint endpoint) {}

  /** The outcome of {@link #match}: an endpoint and its path variables, or 404, or 405. */
  sealed interface Match {}

  /** A route matched; {@code variables} holds the template's variables by name. */
  record Found(Endpoint endpoint, Map<String, String> variables, String template)
      implements Match {}

  /** No route has this path. */
  record NotFound() implements Match {}

  /** Some route has this path, none with this method. */
  record MethodNotAllowed() implements Match {}

  private final List<Route> routes = new ArrayList<>();

  /** Adds a route after the ones added before, which take precedence over it. */
  Router add(String method, String template, Endpoint endpoint) {
    StringBuilder regex = new StringBuilder("^");
    List<String> names = new ArrayList<>();
    Matcher m = VARIABLE.matcher(template);
    int last = 0;
    String prefix = null;
    while (m.find()) {
      if (prefix == null) {
        prefix = template.substring(0, m.start());
      }
      regex.append(Pattern.quote(template.substring(last, m.start())));
      regex.append('(').append(m.group(2) == null ? "[^/]+" : m.group(2)).append(')');
      names.add(m.group(1));
      last = m.end();
    }
    regex.append(Pattern.quote(template.substring(last))).append('$');
    routes.add(
        new Route(
            method,
            template,
            prefix == null ? template : prefix,
            Pattern.compile(regex.toString()),
            names,
            endpoint));
    return this;
  }

  /** Finds what answers {@code method} on the decoded {@code path}. */
  Match match(String method, String path) {
    boolean pathKnown = false;
    for (Route r : routes) {
      if (!path.startsWith(r.prefix)) {
        continue; // cannot match: spares the regular expression
      }
      Matcher m = r.path.matcher(path);
      if (!m.matches()) {
        continue;
      }
      if (!r.method.equals(method)) {
        pathKnown = true;
        continue;
      }
      Map<String, String> vars = new LinkedHashMap<>();
      for (int i = 0; i < r.names.size(); i++) {
        vars.put(r.names.get(i), m.group(i + 1));
      }
      return new Found(r.endpoint, vars, r.template);
    }
    return pathKnown ? new MethodNotAllowed() : new NotFound();
  }
}
