package io.ipfscluster.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Downloads a web file to add it, as the original's client does with a plain {@code GET} that
 * follows up to 10 redirects and accepts only 2xx answers.
 */
final class WebFetch {
  private static final int MAX_REDIRECTS = 10;
  private static final Connection.Tls TLS = new Connection.Tls(null, false);

  private WebFetch() {}

  /** Opens the body of {@code url}; closing the stream closes the connection. */
  static InputStream open(URI url) throws IOException {
    URI current = url;
    for (int hop = 0; ; hop++) {
      Endpoint ep = Endpoint.of(current);
      String target =
          current.getRawPath() == null || current.getRawPath().isEmpty()
              ? "/"
              : current.getRawPath();
      if (current.getRawQuery() != null) {
        target += "?" + current.getRawQuery();
      }
      Connection c =
          Connection.open(
              ep, TLS, ClientConfig.DEFAULT_CONNECT_TIMEOUT, Watchdog.arm(Duration.ZERO));
      HttpResponse r;
      try {
        r =
            Http1.exchange(
                c,
                "GET",
                target,
                ep.authority(),
                List.of("User-Agent", "Go-http-client/1.1"),
                null);
      } catch (IOException e) {
        c.close();
        throw e;
      }
      int s = r.status();
      String location = r.header("Location");
      if (s >= 300 && s < 400 && location != null && hop < MAX_REDIRECTS) {
        r.close();
        current = current.resolve(location);
        continue;
      }
      if (s < 200 || s > 299) {
        r.close();
        throw new IOException("got non-2XX status code " + s + ": " + url);
      }
      return new FilterInputStream(r.body()) {
        @Override
        public void close() throws IOException {
          r.close();
        }
      };
    }
  }
}
