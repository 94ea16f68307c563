package io.ipfscluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.api.Pin;
import io.ipfscluster.api.PinOptions;
import io.ipfscluster.api.PinType;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.HashFunction;
import io.ipfscluster.multiformats.Multihash;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Large streams go out as they are produced, and stop when the client goes away. */
@Timeout(120)
class RestStreamingIT {
  static final FakeCluster cluster = new FakeCluster();
  static RestApi api;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    api = RestApi.builder(new ApiConfigs().build(), cluster).build();
    api.start();
    http = new Http(api);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  /** The {@code i}th pin of a generated pinset. */
  static Pin pin(int i) {
    byte[] digest = ByteBuffer.allocate(32).putInt(28, i).array();
    Cid cid = Cid.v0(Multihash.of(HashFunction.SHA2_256, digest));
    return new Pin(
        cid,
        PinType.DATA,
        List.of(FakeCluster.SELF),
        -1,
        null,
        FakeCluster.NOW,
        PinOptions.defaults());
  }

  @Test
  void allocations_ofALargePinset_streamBeforeTheSourceHasProducedThem() throws Exception {
    int total = 100_000;
    int held = 5_000;
    CountDownLatch firstLineRead = new CountDownLatch(1);
    AtomicInteger produced = new AtomicInteger();
    cluster.pinSource(
        () ->
            Stream.iterate(0, i -> i < total, i -> i + 1)
                .map(
                    i -> {
                      if (i == held) {
                        try { // the source holds here until the client has seen the first pin
                          firstLineRead.await();
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                          throw new IllegalStateException(e);
                        }
                      }
                      produced.incrementAndGet();
                      return pin(i);
                    }));

    // The answer's headers only leave with the first items; a buffering server never answers.
    HttpResponse<InputStream> r = http.streamAsync("/allocations").get(30, TimeUnit.SECONDS);
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      String first = lines.readLine();
      assertThat(produced.get()).isLessThanOrEqualTo(held);
      firstLineRead.countDown();

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(first).contains("\"cid\":\"" + pin(0).cid() + "\"");
      long count = 1 + lines.lines().count();
      assertThat(count).isEqualTo(total);
    }
    assertThat(produced.get()).isEqualTo(total);
  }

  @Test
  void clientGoingAway_midStream_stopsAndClosesTheSource() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    cluster.pinSource(
        () -> Stream.iterate(0, i -> i + 1).map(RestStreamingIT::pin).onClose(closed::countDown));

    HttpResponse<InputStream> r = http.streamAsync("/allocations").get(30, TimeUnit.SECONDS);
    try (InputStream in = r.body()) {
      assertThat(in.readNBytes(1000)).hasSize(1000);
    }

    assertThat(closed.await(60, TimeUnit.SECONDS)).isTrue();
  }
}
