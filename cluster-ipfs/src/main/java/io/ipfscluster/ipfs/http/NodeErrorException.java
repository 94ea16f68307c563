package io.ipfscluster.ipfs.http;

import io.ipfscluster.components.IpfsException;

/**
 * The node answered a call with an HTTP error. In kubo's form ({@code {"Message","Code","Type"}})
 * the message is the original's {@code IPFS error (<path>). Code: <HTTP status>. Message:
 * <Message>}; any other body gives {@code IPFS request failed (is it running?) (<path>). Code
 * <status>: <body>}.
 *
 * <p>Immutable and thread-safe.
 */
final class NodeErrorException extends IpfsException {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final int status;
  private final String nodeMessage;

  /** An error in kubo's JSON form. */
  NodeErrorException(String path, int status, String nodeMessage) {
    this(
        "IPFS error (" + path + "). Code: " + status + ". Message: " + nodeMessage,
        path,
        status,
        nodeMessage);
  }

  private NodeErrorException(String text, String path, int status, String nodeMessage) {
    super(text);
    this.path = path;
    this.status = status;
    this.nodeMessage = nodeMessage;
  }

  /** An error whose body is not kubo's JSON form: {@code body} is kept as the message. */
  static NodeErrorException notKuboForm(String path, int status, String body) {
    return new NodeErrorException(
        "IPFS request failed (is it running?) (" + path + "). Code " + status + ": " + body,
        path,
        status,
        body);
  }

  /** The call, as {@code <command>?<query>}. */
  String path() {
    return path;
  }

  /** The HTTP status the node answered with. */
  int status() {
    return status;
  }

  /** The node's {@code Message} (or the whole body when it was not kubo's JSON form). */
  String nodeMessage() {
    return nodeMessage;
  }
}
