package io.ipfscluster.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * How the client authenticates to the API: not at all, with HTTP Basic credentials, or with a
 * bearer token (a JWT from {@code POST /token}).
 *
 * <p>Immutable and thread-safe. {@code toString()} never shows a password or token.
 */
public sealed interface ClientAuth {

  /** No authentication. */
  static ClientAuth none() {
    return None.INSTANCE;
  }

  /**
   * HTTP Basic credentials.
   *
   * @throws IllegalArgumentException when {@code username} is empty
   */
  static ClientAuth basic(String username, String password) {
    return new Basic(username, password);
  }

  /**
   * A bearer token.
   *
   * @throws IllegalArgumentException when {@code token} is empty
   */
  static ClientAuth bearer(String token) {
    return new Bearer(token);
  }

  /** The value of the {@code Authorization} header, if any. */
  Optional<String> header();

  /** No authentication. */
  enum None implements ClientAuth {
    INSTANCE;

    @Override
    public Optional<String> header() {
      return Optional.empty();
    }
  }

  /**
   * HTTP Basic credentials, sent with every request.
   *
   * @param username not empty
   * @param password may be empty
   */
  record Basic(String username, String password) implements ClientAuth {
    public Basic {
      Objects.requireNonNull(username, "username");
      password = Objects.requireNonNullElse(password, "");
      if (username.isEmpty()) {
        throw new IllegalArgumentException("basic auth username must not be empty");
      }
    }

    @Override
    public Optional<String> header() {
      byte[] pair = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
      return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair));
    }

    @Override
    public String toString() {
      return "Basic[username=" + username + ", password=***]";
    }
  }

  /**
   * A bearer token, sent with every request.
   *
   * @param token not empty
   */
  record Bearer(String token) implements ClientAuth {
    public Bearer {
      Objects.requireNonNull(token, "token");
      if (token.isEmpty()) {
        throw new IllegalArgumentException("bearer token must not be empty");
      }
    }

    @Override
    public Optional<String> header() {
      return Optional.of("Bearer " + token);
    }

    @Override
    public String toString() {
      return "Bearer[***]";
    }
  }
}
