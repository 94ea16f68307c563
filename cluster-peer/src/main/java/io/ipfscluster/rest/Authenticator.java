package io.ipfscluster.rest;

import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Basic auth and JWT bearer tokens as the original checks them ({@code basic_auth_credentials}),
 * and the tokens of {@code POST /token}.
 *
 * <p>A request with {@code Authorization: Basic …} must name a configured user with its password
 * (neither empty); one with {@code Bearer <token>} (prefix in any case) must carry a valid {@link
 * Jwt}.
 *
 * <p>Immutable; thread-safe.
 */
final class Authenticator {
  static final String REALM = "Restricted IPFS Cluster API";
  private static final String BASIC = "Basic ";
  private static final String BEARER = "Bearer ";

  /** Why a request is refused: the 401 message and the {@code WWW-Authenticate} challenges. */
  record Refusal(String message, List<String> challenges) {}

  private static final Refusal ACCESS_DENIED =
      new Refusal("unauthorized: access denied", List.of(challenge("Basic", null)));
  private static final Refusal INVALID_TOKEN =
      new Refusal("unauthorized: invalid token", List.of(challenge("Bearer", "invalid_token")));
  private static final Refusal NO_AUTH =
      new Refusal(
          "unauthorized: no auth provided",
          List.of(challenge("Bearer", null), challenge("Basic", null)));

  private final Optional<Map<String, String>> credentials;
  private final InstantSource clock;

  Authenticator(Optional<Map<String, String>> credentials, InstantSource clock) {
    this.credentials = credentials;
    this.clock = clock;
  }

  /** Whether requests need credentials at all. */
  boolean enabled() {
    return credentials.isPresent();
  }

  /** Why a request with this {@code Authorization} header is refused, or empty when it passes. */
  Optional<Refusal> check(String authorization) {
    if (credentials.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> users = credentials.get();
    Optional<String[]> basic = basic(authorization);
    if (basic.isPresent()) {
      String user = basic.get()[0];
      String password = basic.get()[1];
      boolean ok = !user.isEmpty() && !password.isEmpty() && password.equals(users.get(user));
      return ok ? Optional.empty() : Optional.of(ACCESS_DENIED);
    }
    Optional<String> token = bearer(authorization);
    if (token.isPresent()) {
      return Jwt.verify(token.get(), users, clock.instant()).isPresent()
          ? Optional.empty()
          : Optional.of(INVALID_TOKEN);
    }
    return Optional.of(NO_AUTH);
  }

  /**
   * A new token for the caller, who has passed {@link #check}: signed for the basic auth user, or
   * for the issuer of the bearer token.
   *
   * @throws ApiException 401 {@code unauthorized} when no credentials are configured or the caller
   *     has none
   */
  String issueToken(String authorization) {
    if (credentials.isEmpty()) {
      throw new ApiException(401, "unauthorized");
    }
    Map<String, String> users = credentials.get();
    String issuer =
        basic(authorization)
            .map(b -> b[0])
            .or(() -> bearer(authorization).flatMap(t -> Jwt.verify(t, users, clock.instant())))
            .orElseThrow(() -> new ApiException(401, "unauthorized"));
    String password = users.get(issuer);
    if (password == null) {
      throw new ApiException(401, "unauthorized");
    }
    return Jwt.issue(issuer, password);
  }

  /** User and password of a Basic header, read as Go's {@code Request.BasicAuth}. */
  private static Optional<String[]> basic(String authorization) {
    if (!hasPrefix(authorization, BASIC)) {
      return Optional.empty();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(BASIC.length())),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    return colon < 0
        ? Optional.empty()
        : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
  }

  private static Optional<String> bearer(String authorization) {
    return hasPrefix(authorization, BEARER)
        ? Optional.of(authorization.substring(BEARER.length()))
        : Optional.empty();
  }

  private static boolean hasPrefix(String header, String prefix) {
    return header != null && header.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static String challenge(String scheme, String error) {
    String c = scheme + " realm=\"" + REALM + "\"";
    return error == null ? c : c + ", error=\"" + error + "\"";
  }
}
