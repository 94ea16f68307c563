package io.ipfscluster.ipfs.embedded;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ipfscluster.ipfs.node.IpfsNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

/**
 * One call of the kubo RPC API: its arguments and options as kubo reads them, and the three shapes
 * of answer kubo gives, each with kubo's headers: a single JSON value ({@link #single}), a stream
 * of JSON values one per line ({@link #stream}, {@code X-Chunked-Output: 1}), or raw bytes ({@link
 * #raw}, {@code X-Stream-Output: 1}). A failure before the answer began becomes an error answer; a
 * failure after it goes into the {@code X-Stream-Error} trailer.
 *
 * <p>Not thread-safe: one per request, used by the request's thread.
 */
final class Call {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectWriter ITEM_WRITER =
      JSON.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
  static final String STREAM_ERROR = "X-Stream-Error";
  private static final String EXPOSED = "X-Stream-Output, X-Chunked-Output, X-Content-Length";
  private static final int CHUNK = 32 * 1024;

  private final Request request;
  private final Response response;
  private final IpfsNode node;
  private final String command;
  private final Fields query;
  private final List<String> args;
  private final HttpFields.Mutable trailers = HttpFields.build();
  private OutputStream out;
  private boolean started;

  Call(Request request, Response response, IpfsNode node, String command, String pathArg) {
    this.request = request;
    this.response = response;
    this.node = node;
    this.command = command;
    this.query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    this.args = new ArrayList<>();
    if (pathArg != null) {
      args.add(pathArg);
    }
    Fields.Field arg = query.get("arg");
    if (arg != null) {
      args.addAll(arg.getValues());
    }
  }

  IpfsNode node() {
    return node;
  }

  /** The command's path, for example {@code pin/add}. */
  String command() {
    return command;
  }

  /** Every {@code arg}, in order. */
  List<String> args() {
    return args;
  }

  /**
   * The {@code index}-th argument.
   *
   * @throws KuboError {@code argument "<name>" is required} when absent
   */
  String arg(int index, String name) {
    if (args.size() <= index || args.get(index).isEmpty()) {
      throw KuboError.missingArgument(name);
    }
    return args.get(index);
  }

  /** An option's value, or {@code absent}. */
  String option(String name, String absent) {
    String value = query.getValue(name);
    return value == null ? absent : value;
  }

  /** A boolean option, read like Go's {@code strconv.ParseBool}. */
  boolean bool(String name, boolean absent) {
    String value = query.getValue(name);
    if (value == null) {
      return absent;
    }
    return switch (value) {
      case "" -> true; // a bare "?progress" means true, as kubo's CLI flags do
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw badOption(value, "bool", name);
    };
  }

  /** An integer option. */
  long integer(String name, long absent) {
    String value = query.getValue(name);
    if (value == null || value.isEmpty()) {
      return absent;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw badOption(value, "int", name);
    }
  }

  private static KuboError badOption(String value, String type, String name) {
    return KuboError.client(
        "could not convert value \""
            + value
            + "\" to type \""
            + type
            + "\" (for option \"-"
            + name
            + "\")");
  }

  /**
   * The multipart body, or a 400 answer {@code file argument '<name>' is required} when the body is
   * not {@code multipart/form-data}.
   */
  MultipartReader multipart(String fileArgument) throws IOException {
    String type = request.getHeaders().get("Content-Type");
    if (type == null
        || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
      throw KuboError.client("file argument '" + fileArgument + "' is required");
    }
    String boundary = MultipartReader.boundaryOf(type);
    if (boundary == null) {
      throw new MalformedMultipartException("multipart/form-data without a boundary");
    }
    return new MultipartReader(Request.asInputStream(request), boundary);
  }

  /** Answers with one JSON value, as kubo's {@code cmds.EmitOnce}. */
  void single(Object value) throws IOException {
    byte[] body = JSON.writeValueAsBytes(value);
    start(200, "application/json", null);
    OutputStream stream = Content.Sink.asOutputStream(response);
    stream.write(body);
    stream.write('\n');
    stream.close();
  }

  /** Starts a stream of JSON values, one per line. */
  Ndjson stream() {
    return new Ndjson();
  }

  /**
   * Starts an answer of raw bytes.
   *
   * @param length the {@code X-Content-Length} to announce, or -1 for none
   */
  OutputStream raw(String contentType, long length) {
    HttpFields.Mutable headers = response.getHeaders();
    headers.put("X-Stream-Output", "1");
    if (length >= 0) {
      headers.put("X-Content-Length", Long.toString(length));
    }
    start(200, contentType, null);
    out = new BufferedOutputStream(Content.Sink.asOutputStream(response), CHUNK);
    return out;
  }

  /** Whether the answer has begun, so an error can only go into the trailer. */
  boolean started() {
    return started;
  }

  /** Answers with an error in kubo's form, or puts it in the trailer if the answer has begun. */
  void fail(KuboError error) throws IOException {
    if (!started) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("Message", error.getMessage());
      body.put("Code", error.code());
      body.put("Type", "error");
      byte[] bytes = JSON.writeValueAsBytes(body);
      response.setStatus(error.status());
      response.getHeaders().put("Content-Type", "application/json");
      started = true;
      OutputStream stream = Content.Sink.asOutputStream(response);
      stream.write(bytes);
      stream.write('\n');
      stream.close();
      return;
    }
    trailers.put(STREAM_ERROR, oneLine(error.getMessage()));
    finish();
  }

  /** Ends an answer that was started with {@link #raw} or {@link #stream}: flushes, trailers. */
  void finish() throws IOException {
    if (out != null) {
      OutputStream stream = out;
      out = null;
      stream.close();
    }
  }

  private void start(int status, String contentType, String channel) {
    HttpFields.Mutable headers = response.getHeaders();
    headers.put("Access-Control-Allow-Headers", EXPOSED);
    headers.put("Access-Control-Expose-Headers", EXPOSED);
    headers.put("Trailer", STREAM_ERROR);
    if (channel != null) {
      headers.put("X-Chunked-Output", channel);
    }
    headers.put("Content-Type", contentType);
    response.setTrailersSupplier(() -> trailers);
    response.setStatus(status);
    started = true;
  }

  private static String oneLine(String message) {
    String text = message == null ? "error" : message;
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  /**
   * A stream of JSON values, one per line, flushed when asked and when 32 KiB are buffered. The
   * answer begins with the first value; a stream that fails before any value answers with the error
   * instead, as kubo does.
   */
  final class Ndjson {
    private JsonGenerator generator;

    private Ndjson() {}

    /** Writes one value. */
    void emit(Object value) throws IOException {
      if (generator == null) {
        start(200, "application/json", "1");
        out = new BufferedOutputStream(Content.Sink.asOutputStream(response), CHUNK);
        generator = JSON.getFactory().createGenerator(out);
        generator.setRootValueSeparator(null);
      }
      ITEM_WRITER.writeValue(generator, value);
      generator.writeRaw('\n');
    }

    /** Writes one value and sends everything buffered to the client now. */
    void emitAndFlush(Object value) throws IOException {
      emit(value);
      flush();
    }

    /** Sends everything buffered to the client now. */
    void flush() throws IOException {
      if (generator != null) {
        generator.flush();
        out.flush();
      }
    }

    /** Whether a value was written. */
    boolean begun() {
      return generator != null;
    }

    /** Ends a stream that may have no value at all: then the answer is empty, kubo's 200. */
    void end() throws IOException {
      if (generator == null) {
        start(200, "application/json", "1");
        out = Content.Sink.asOutputStream(response);
      } else {
        generator.flush();
      }
      finish();
    }
  }
}
