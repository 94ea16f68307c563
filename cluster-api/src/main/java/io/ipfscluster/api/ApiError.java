package io.ipfscluster.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;

/**
 * The body of an API error answer: {@code {"code": 404, "message": "…"}}. The original calls this
 * {@code Error}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param code the HTTP status code, or 0 when the error did not come from an HTTP answer
 * @param message what went wrong
 */
@JsonPropertyOrder({"code", "message"})
public record ApiError(@JsonProperty("code") int code, @JsonProperty("message") String message) {

  public ApiError {
    if (code != 0 && (code < 100 || code > 599)) {
      throw new IllegalArgumentException("code must be 0 or an HTTP status code, got " + code);
    }
    message = Objects.requireNonNullElse(message, "");
  }

  @Override
  public String toString() {
    return message + " (" + code + ")";
  }
}
