package io.ipfscluster.api;

/**
 * How IPFS pins a CID: the whole DAG ({@code recursive}) or the root block only ({@code direct}).
 *
 * <p>Thread-safe: an enum.
 */
public enum PinMode {
  RECURSIVE("recursive"),
  DIRECT("direct");

  private final String jsonName;

  PinMode(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The name in JSON and query strings. */
  public String jsonName() {
    return jsonName;
  }

  /** The mode named {@code name}; unknown names are recursive, as in the original. */
  public static PinMode ofName(String name) {
    return "direct".equals(name) ? DIRECT : RECURSIVE;
  }

  /** The mode a pin's max_depth implies: 0 is direct, anything else recursive. */
  public static PinMode ofMaxDepth(int maxDepth) {
    return maxDepth == 0 ? DIRECT : RECURSIVE;
  }

  /** The max_depth this mode implies for a data pin. */
  public int maxDepth() {
    return this == DIRECT ? 0 : -1;
  }

  @Override
  public String toString() {
    return jsonName;
  }
}
