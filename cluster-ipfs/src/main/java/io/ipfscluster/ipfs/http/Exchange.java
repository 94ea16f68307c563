package io.ipfscluster.ipfs.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.ipfscluster.api.GoDuration;
import io.ipfscluster.components.IpfsException;
import io.ipfscluster.components.IpfsTimeoutException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpFields;

/**
 * One call in flight: waits for the answer, turns a kubo error answer or a transport failure into
 * an {@link IpfsException} with the original's text, and reads the body as bytes, JSON or NDJSON.
 *
 * <p>Not thread-safe, except {@link #abort}, which any thread may call to cancel the call.
 */
final class Exchange implements AutoCloseable {
  /** The stream error trailer of kubo's (and js-ipfs's) streaming responses. */
  static final String STREAM_ERROR_TRAILER = "X-Stream-Error";

  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final NodeClient client;
  private final String path;
  private final CallLimit limit;
  private final Request request;
  private final InputStreamResponseListener listener;
  private volatile IpfsException abortReason;
  private Response response;
  private InputStream body;

  Exchange(
      NodeClient client,
      String path,
      CallLimit limit,
      Request request,
      InputStreamResponseListener listener) {
    this.client = client;
    this.path = path;
    this.limit = limit;
    this.request = request;
    this.listener = listener;
  }

  /** The call, as {@code <command>?<query>}. */
  String path() {
    return path;
  }

  /** Cancels the call; whoever waits on it gets {@code reason}. */
  void abort(IpfsException reason) {
    abortReason = reason;
    request.abort(reason);
  }

  /**
   * Waits for the response headers.
   *
   * @throws NodeErrorException when the node answered with an error in kubo's form
   * @throws IpfsTimeoutException when the call's limit passed
   * @throws IpfsException on any other failure
   */
  Exchange await() {
    if (response != null) {
      return this;
    }
    Response r;
    try {
      r = listener.get(Long.MAX_VALUE, TimeUnit.DAYS);
    } catch (InterruptedException e) {
      request.abort(e);
      Thread.currentThread().interrupt();
      throw new IpfsException("IPFS request interrupted (" + path + ")", e);
    } catch (TimeoutException e) {
      throw new AssertionError("waited for days", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      IpfsException known = known(cause);
      if (known != null) {
        throw known;
      }
      client.transportFailed(path, cause);
      throw new IpfsException(
          "IPFS request failed (is it running?) ("
              + path
              + "): cannot reach the IPFS node at "
              + client.endpoint()
              + ": "
              + describe(cause),
          cause);
    }
    client.answered();
    response = r;
    body = listener.getInputStream();
    if (r.getStatus() != 200) {
      throw errorAnswer(r.getStatus());
    }
    return this;
  }

  /** The HTTP status of the answer (after {@link #await()}). */
  int status() {
    return response.getStatus();
  }

  /** The whole body. */
  byte[] bytes() {
    await();
    try (InputStream in = body) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw readFailure(e);
    }
  }

  /** The whole body as one JSON value. */
  JsonNode json() {
    byte[] b = bytes();
    try {
      return NodeClient.JSON.readTree(b);
    } catch (JsonProcessingException e) {
      throw new IpfsException(
          "IPFS error (" + path + "): the answer is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IpfsException("IPFS error (" + path + "): the answer is not JSON: " + e, e);
    }
  }

  /**
   * The body as a stream of JSON values (NDJSON), read as they arrive. At the end, an {@code
   * X-Stream-Error} trailer is thrown as a node error.
   */
  Iterator<JsonNode> lines() {
    await();
    MappingIterator<JsonNode> values;
    try {
      values = NodeClient.JSON.readerFor(JsonNode.class).readValues(body);
    } catch (IOException e) {
      throw readFailure(e);
    }
    return new Iterator<>() {
      boolean ended;

      @Override
      public boolean hasNext() {
        if (ended) {
          return false;
        }
        try {
          if (values.hasNextValue()) {
            return true;
          }
        } catch (IOException e) {
          throw readFailure(e);
        }
        ended = true;
        checkStreamError();
        return false;
      }

      @Override
      public JsonNode next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        try {
          return values.nextValue();
        } catch (IOException e) {
          throw readFailure(e);
        }
      }
    };
  }

  private void checkStreamError() {
    HttpFields trailers = response.getTrailers();
    String error = trailers == null ? null : trailers.get(STREAM_ERROR_TRAILER);
    if (error != null && !error.isEmpty()) {
      throw new NodeErrorException(path, response.getStatus(), error);
    }
  }

  /** Ends the call, aborting it if its answer was not read to the end. */
  @Override
  public void close() {
    if (body != null) {
      try {
        body.close();
      } catch (IOException ignored) {
        // closing aborts an unread answer; nothing more to do
      }
    } else {
      request.abort(new IOException("closed before the answer arrived"));
    }
  }

  private IpfsException errorAnswer(int status) {
    byte[] b;
    try (InputStream in = body) {
      b = in.readNBytes(MAX_ERROR_BODY);
    } catch (IOException e) {
      b = new byte[0];
    }
    try {
      JsonNode n = NodeClient.JSON.readTree(b);
      if (n != null && n.isObject()) {
        JsonNode message = n.get("Message");
        return new NodeErrorException(
            path, status, message == null || message.isNull() ? "" : message.asText());
      }
    } catch (IOException notJson) {
      // fall through to the original's "is it running?" message
    }
    return NodeErrorException.notKuboForm(path, status, new String(b, StandardCharsets.UTF_8));
  }

  private IpfsException readFailure(IOException e) {
    IpfsException known = known(e);
    if (known != null) {
      return known;
    }
    if (e instanceof JsonProcessingException j) {
      return new IpfsException(
          "IPFS error (" + path + "): the answer is not valid JSON: " + j.getOriginalMessage(), e);
    }
    return new IpfsException(
        "IPFS error (" + path + "): reading the answer failed: " + describe(e), e);
  }

  /** The failure an abort or time limit stands for, or null for other failures. */
  private IpfsException known(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (abortReason != null && t == abortReason) {
        return abortReason;
      }
      if (t instanceof TimeoutException) {
        return new IpfsTimeoutException(
            (limit.idleOnly() ? "IPFS request got no data for " : "IPFS request timed out after ")
                + GoDuration.format(limit.duration())
                + " ("
                + path
                + "); raise "
                + limit.path()
                + " if the node is just slow",
            limit.path(),
            limit.duration(),
            failure);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /** The failure's type and message, cut short: Jetty's messages can hold whole state dumps. */
  static String describe(Throwable t) {
    String m = t.getMessage();
    String name = t.getClass().getSimpleName();
    if (t instanceof EOFException) { // Jetty's message is a dump of the connection's state
      return name + ": the node closed the connection without answering";
    }
    if (m == null || m.isEmpty()) {
      return name;
    }
    int cut = m.indexOf(" on oejc"); // "bad response on HttpConnectionOverHTTP@…[…]"
    m = cut > 0 ? m.substring(0, cut) : m;
    return name + ": " + (m.length() > 200 ? m.substring(0, 200) + "…" : m);
  }
}
