package io.ipfscluster.api.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;

/**
 * Thrown when JSON is well-formed but a value in it is not: a malformed CID in {@code "cid"}, a
 * string where a number belongs. The message names the field and the bad value; the location gives
 * line and column.
 */
public final class InvalidJsonException extends JsonParseException {
  private static final long serialVersionUID = 1L;

  public InvalidJsonException(String message, JsonParser parser) {
    super(parser, message);
  }
}
