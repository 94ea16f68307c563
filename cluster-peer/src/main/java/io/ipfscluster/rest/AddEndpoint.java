package io.ipfscluster.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ipfscluster.api.AddParams;
import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.cluster.Adding;
import io.ipfscluster.ipfs.embedded.MultipartReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /add} (spec §3.2, §8.6): reads the multipart body part by part into an {@link Adding}
 * and answers with the {@link AddedOutput}s, as the original's {@code AddMultipartHTTPHandler}
 * does.
 *
 * <ul>
 *   <li>A body that is not {@code multipart/form-data} (or {@code multipart/mixed}) with a
 *       boundary, bad parameters, and parameters this peer cannot add with ({@code shard}, {@code
 *       nocopy}, an unknown chunker or hash) are answered 400 with the error JSON before anything
 *       is read.
 *   <li>{@code stream-channels=true} (the default): 200 at once with {@code X-Chunked-Output: 1},
 *       {@code Trailer: X-Stream-Error}, then one NDJSON line per output, flushed as it is made; a
 *       failure ends the stream with its text in the {@code X-Stream-Error} trailer.
 *   <li>{@code stream-channels=false}: the outputs as one JSON array once the add is done, or 500
 *       with the error JSON when it fails. The outputs are held in memory until then (one small
 *       object per file), as the original does.
 * </ul>
 *
 * Every answer carries {@code Cache-Control: no-cache} and {@code Connection: close}. After a
 * failure the rest of the upload is read and dropped before the answer ends, so that the client,
 * still sending, is not reset before it has read the error.
 *
 * <p>Thread-safe: stateless but for the {@link Adding} use case.
 */
public final class AddEndpoint implements Endpoint {
  private static final Logger log = LoggerFactory.getLogger(AddEndpoint.class);

  private final Adding adding;
  private final InstantSource clock;

  /**
   * @param clock the clock of {@code expire-in}
   */
  public AddEndpoint(Adding adding, InstantSource clock) {
    this.adding = Objects.requireNonNull(adding, "adding");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void handle(Exchange ex) throws IOException {
    String boundary = boundary(ex.header("Content-Type"));
    AddParams params;
    try {
      params = AddParams.fromQuery(ex.query(), clock.instant());
      Adding.importOptions(params);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    InputStream body = ex.body();
    Adding.EntrySource entries = new MultipartEntries(new MultipartReader(body, boundary));
    ex.addHeader("Cache-Control", "no-cache");
    ex.addHeader("Connection", "close");
    if (params.streamChannels()) {
      stream(ex, params, entries, body);
    } else {
      array(ex, params, entries, body);
    }
  }

  /**
   * The boundary of a multipart body, with the messages of Go's {@code Request.MultipartReader}.
   */
  static String boundary(String contentType) {
    String type = contentType == null ? "" : contentType;
    int semi = type.indexOf(';');
    String media = (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    if (!media.equals("multipart/form-data") && !media.equals("multipart/mixed")) {
      throw ApiException.badRequest("request Content-Type isn't multipart/form-data");
    }
    String boundary = MultipartReader.boundaryOf(type);
    if (boundary == null || boundary.isEmpty()) {
      throw ApiException.badRequest("no multipart boundary param in Content-Type");
    }
    return boundary;
  }

  private void stream(Exchange ex, AddParams params, Adding.EntrySource entries, InputStream body)
      throws IOException {
    ex.addHeader("X-Chunked-Output", "1");
    ex.addHeader("Trailer", NdjsonStream.TRAILER);
    HttpFields.Mutable trailers = HttpFields.build();
    ex.response().setTrailersSupplier(() -> trailers);
    ex.start(200);
    OutputStream out = new BufferedOutputStream(Content.Sink.asOutputStream(ex.response()), 8192);
    try (JsonGenerator g = GoJson.generator(out)) {
      try {
        adding.add(params, entries, item -> writeLine(g, item));
      } catch (UncheckedIOException e) {
        throw e.getCause(); // the client went away: nothing left to tell it
      } catch (IOException | RuntimeException e) {
        String error = failed(e, body);
        trailers.add(NdjsonStream.TRAILER, error);
      }
    }
    out.close(); // the last chunk, then the trailers
  }

  private void array(Exchange ex, AddParams params, Adding.EntrySource entries, InputStream body)
      throws IOException {
    List<AddedOutput> outputs = new ArrayList<>();
    try {
      adding.add(params, entries, outputs::add);
    } catch (IOException | RuntimeException e) {
      ex.sendError(500, failed(e, body));
      return;
    }
    ex.send(outputs);
  }

  private static void writeLine(JsonGenerator g, AddedOutput item) {
    try {
      GoJson.writeValue(g, item);
      g.writeRaw('\n');
      g.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Logs a failed add, reads what is left of the upload, and returns the error's text. */
  private static String failed(Exception e, InputStream body) {
    String message = ErrorStatus.message(e);
    log.debug("POST /add failed", e);
    try {
      body.transferTo(OutputStream.nullOutputStream());
    } catch (IOException ignored) {
      // the client went away, or the body was what failed
    }
    return message;
  }
}
