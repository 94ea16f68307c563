package io.ipfscluster.rest;

import io.ipfscluster.multiformats.Cid;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code /ipfs/…}, {@code /ipns/…} and {@code /ipld/…} paths of {@code /pins/{keyType}/{path}},
 * checked and cleaned as the original checks them (boxo's {@code path.NewPath}): at least a
 * namespace and a root, the root of an immutable path a CID.
 *
 * <p>Thread-safe: stateless.
 */
final class ContentPath {
  private ContentPath() {}

  /**
   * The cleaned path {@code /<keyType>/<rest>} (one trailing slash of {@code rest} dropped).
   *
   * @throws ApiException 400 {@code error parsing path: invalid path "…": …}
   */
  static String parse(String keyType, String rest) {
    String text =
        "/" + keyType + "/" + (rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest);
    List<String> segments = segments(text);
    if (segments.size() < 2 || segments.get(1).isEmpty()) {
      throw invalid(text, "path does not have enough components");
    }
    String cleaned = "/" + String.join("/", segments) + (text.endsWith("/") ? "/" : "");
    switch (segments.get(0)) {
      case "ipfs", "ipld" -> {
        try {
          Cid.parse(segments.get(1));
        } catch (IllegalArgumentException e) {
          throw invalid(text, e.getMessage());
        }
      }
      case "ipns" -> {}
      default -> throw invalid(text, "unknown namespace: " + GoText.quote(segments.get(0)));
    }
    return cleaned;
  }

  private static List<String> segments(String text) {
    String clean = GoText.cleanPath(text);
    if (clean.equals(".")) {
      return List.of();
    }
    if (clean.endsWith("/")) {
      clean = clean.substring(0, clean.length() - 1);
    }
    if (clean.startsWith("/")) {
      clean = clean.substring(1);
    }
    return clean.isEmpty() ? List.of() : new ArrayList<>(List.of(clean.split("/", -1)));
  }

  private static ApiException invalid(String path, String why) {
    return ApiException.badRequest(
        "error parsing path: invalid path " + GoText.quote(path) + ": " + why);
  }
}
