package io.ipfscluster.ipfs.embedded;

import io.ipfscluster.ipfs.node.IpfsNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes {@code /api/v0/<command>} to its {@link Command}, as kubo's HTTP API does: POST only
 * ({@code OPTIONS} answers the allowed methods, other methods get kubo's plain-text 405), an
 * unknown command gets kubo's plain-text 404, and the last path segment may carry the argument
 * ({@code /api/v0/cat/<cid>}). Runs on the request's virtual thread and blocks freely.
 *
 * <p>Thread-safe: immutable.
 */
final class KuboRpcHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(KuboRpcHandler.class);
  private static final String PREFIX = "/api/v0/";

  private final IpfsNode node;
  private final Map<String, Command> commands;

  KuboRpcHandler(IpfsNode node, Map<String, Command> commands) {
    super(InvocationType.BLOCKING);
    this.node = node;
    this.commands = Map.copyOf(commands);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    try {
      serve(request, response);
      callback.succeeded();
    } catch (Throwable t) {
      log.debug(
          "{} {} failed after its answer began: {}",
          node.logPrefix(),
          request.getHttpURI().getPath(),
          t.toString());
      callback.failed(t);
    }
    return true;
  }

  private void serve(Request request, Response response) throws IOException {
    String path = request.getHttpURI().getDecodedPath();
    if (path == null || !path.startsWith(PREFIX)) {
      plain(response, 404, "404 page not found");
      return;
    }
    switch (request.getMethod()) {
      case "POST" -> {}
      case "OPTIONS" -> {
        response.getHeaders().put("Allow", "OPTIONS, POST");
        response.setStatus(204);
        Content.Sink.asOutputStream(response).close();
        return;
      }
      default -> {
        response.getHeaders().put("Allow", "OPTIONS, POST");
        plain(response, 405, "405 - Method Not Allowed");
        return;
      }
    }
    String name = path.substring(PREFIX.length());
    while (name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    String pathArg = null;
    Command command = commands.get(name);
    if (command == null) {
      int slash = name.lastIndexOf('/');
      if (slash > 0) {
        command = commands.get(name.substring(0, slash));
        pathArg = name.substring(slash + 1);
        name = name.substring(0, slash);
      }
    }
    if (command == null) {
      plain(response, 404, "404 page not found");
      return;
    }
    Call call = new Call(request, response, node, name, pathArg);
    try {
      command.run(call);
    } catch (Throwable failure) {
      if (failure instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      KuboError error = ErrorMapping.of(failure);
      if (ErrorMapping.unexpected(failure)) {
        log.warn("{} {} failed", node.logPrefix(), name, failure);
      } else {
        log.debug("{} {} failed: {}", node.logPrefix(), name, error.getMessage());
      }
      call.fail(error);
    }
    call.finish();
  }

  /** A plain-text answer, as Go's {@code http.Error} writes it. */
  private static void plain(Response response, int status, String message) throws IOException {
    response.setStatus(status);
    response.getHeaders().put("Content-Type", "text/plain; charset=utf-8");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      out.write((message + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }
}
