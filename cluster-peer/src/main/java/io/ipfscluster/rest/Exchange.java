package io.ipfscluster.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ipfscluster.api.ApiError;
import io.ipfscluster.api.QueryString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/**
 * One request to an {@link Endpoint} and the means to answer it as the original does: a JSON value
 * (200), no content (204), an error JSON, or an NDJSON stream with the {@code X-Stream-Error}
 * trailer. Every answer carries the configured {@code headers} and {@code Content-Type:
 * application/json}.
 *
 * <p>Not thread-safe: one exchange belongs to the thread handling its request, except that a
 * stream's {@link StreamSource} runs on a thread of its own.
 */
public final class Exchange {
  private final Request request;
  private final Response response;
  private final String path;
  private final Map<String, String> variables;
  private final Map<String, List<String>> headers;
  private Map<String, List<String>> query;
  private boolean answered;

  Exchange(
      Request request,
      Response response,
      String path,
      Map<String, String> variables,
      Map<String, List<String>> headers) {
    this.request = request;
    this.response = response;
    this.path = path;
    this.variables = variables;
    this.headers = headers;
  }

  /** Produces the items of a stream; runs on a thread of its own. */
  @FunctionalInterface
  public interface StreamSource<T> {
    /**
     * Hands every item to {@code sink}, in order, then returns.
     *
     * @throws Exception a failure that ends the stream: the answer's 500 if no item came before,
     *     else the {@code X-Stream-Error} trailer
     */
    void produce(StreamSink<T> sink) throws Exception;
  }

  /** Where a {@link StreamSource} puts its items; thread-safe. */
  public interface StreamSink<T> {
    /** Sends {@code item}; blocks while the client is slower than the source. */
    void accept(T item) throws InterruptedException;

    /** Records a failure that does not end the stream; it is reported like one that does. */
    void fail(Throwable error);
  }

  /** Writes one item of a stream as a JSON value (the stream adds the newline). */
  @FunctionalInterface
  public interface ItemWriter<T> {
    void write(JsonGenerator g, T item) throws IOException;
  }

  /** The HTTP method. */
  public String method() {
    return request.getMethod();
  }

  /** The request path, percent-decoded. */
  public String path() {
    return path;
  }

  /** The value of a variable of the route's path template, for example {@code hash}. */
  public String pathVariable(String name) {
    String v = variables.get(name);
    if (v == null) {
      throw new IllegalArgumentException("the route has no path variable " + name);
    }
    return v;
  }

  /** The query parameters, read leniently as Go's {@code URL.Query()} reads them. */
  public Map<String, List<String>> query() {
    if (query == null) {
      query = QueryString.parse(request.getHttpURI().getQuery());
    }
    return query;
  }

  /** The first value of query parameter {@code name}, or {@code ""}. */
  public String param(String name) {
    List<String> values = query().get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }

  /** Whether {@code local=true} is in the query (the original accepts only that exact value). */
  public boolean local() {
    return param("local").equals("true");
  }

  /** The first value of request header {@code name}, or null. */
  public String header(String name) {
    return request.getHeaders().get(name);
  }

  /** The request body. */
  public InputStream body() {
    return Content.Source.asInputStream(request);
  }

  /** Adds a response header; call before answering. */
  public void addHeader(String name, String value) {
    response.getHeaders().add(name, value);
  }

  /** Answers 200 with {@code value} as JSON. */
  public void send(Object value) throws IOException {
    answer(200, GoJson.encode(value));
  }

  /** Answers 204 without a body. */
  public void sendNoContent() throws IOException {
    answer(204, new byte[0]);
  }

  /** Answers {@code status} with {@code {"code": status, "message": message}}. */
  public void sendError(int status, String message) throws IOException {
    answer(status, GoJson.encode(new ApiError(status, message)));
  }

  /**
   * Answers with the items of {@code source} as NDJSON: 200 and the items as they come, in chunks
   * of 32 KiB, flushed early when the source pauses for 2 ms; 204 if there are none; 500 and the
   * error JSON if the source fails before its first item. {@code Trailer: X-Stream-Error} is always
   * declared; after a 200 the trailer is sent with an empty value followed by the text of every
   * failure.
   */
  public <T> void stream(StreamSource<T> source, ItemWriter<T> writer) throws IOException {
    new NdjsonStream<>(this, source, writer).run();
  }

  boolean answered() {
    return answered;
  }

  Response response() {
    return response;
  }

  /** Sets the status and the headers of every JSON answer; the body follows. */
  void start(int status) {
    if (answered) {
      throw new IllegalStateException("the request was answered already");
    }
    answered = true;
    response.setStatus(status);
    headers.forEach((name, values) -> values.forEach(v -> response.getHeaders().add(name, v)));
    response.getHeaders().add(HttpHeader.CONTENT_TYPE, "application/json");
  }

  private void answer(int status, byte[] body) throws IOException {
    start(status);
    write(response, body);
  }

  /** Writes {@code body} as the whole of the response's content, blocking. */
  static void write(Response response, byte[] body) throws IOException {
    try (Blocker.Callback cb = Blocker.callback()) {
      response.write(true, ByteBuffer.wrap(body), cb);
      cb.block();
    }
  }
}
