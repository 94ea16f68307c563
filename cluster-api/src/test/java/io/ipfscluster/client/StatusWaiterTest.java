package io.ipfscluster.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.client.StatusWaiter.Outcome;
import io.ipfscluster.client.StatusWaiter.Result;
import io.ipfscluster.client.StatusWaiter.Target;
import io.ipfscluster.multiformats.Cid;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --wait}: polling until enough peers reach a status, on a manual clock. */
class StatusWaiterTest {
  private static final Cid CID = Cid.parse(ApiFixtures.CID);
  private FakeApi api;
  private StatusWaiter waiter;
  private Instant now = Instant.parse("2024-05-06T10:00:00Z");
  private final List<Duration> sleeps = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    api = FakeApi.start();
    ClusterClient client =
        new ClusterClient(ClientConfig.defaults().withHosts(List.of(api.addr())));
    InstantSource clock = () -> now;
    waiter =
        new StatusWaiter(
            client,
            clock,
            d -> {
              sleeps.add(d);
              now = now.plus(d);
            });
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  /** Answers the statuses in turn, repeating the last. */
  private void statuses(String... status) {
    AtomicInteger i = new AtomicInteger();
    api.on(
        "GET",
        "/pins/" + ApiFixtures.CID,
        c -> c.json(200, status[Math.min(i.getAndIncrement(), status.length - 1)]));
  }

  private static String gpi(String alpha, String beta) {
    return ApiFixtures.ids(
        "{\"cid\":\"CID\",\"peer_map\":{\"P7\":{\"status\":\""
            + alpha
            + "\"},\"P8\":{\"status\":\""
            + beta
            + "\"}}}");
  }

  @Test
  void pinned_everyPeer_remoteCounts() throws Exception {
    statuses(gpi("pinning", "remote"), gpi("pinned", "remote"));
    List<String> seen = new ArrayList<>();

    Result r =
        waiter.await(
            new Target(CID, TrackerStatus.PINNED, 0, Duration.ZERO, Duration.ofSeconds(1), false),
            g -> seen.add(g.peerMap().values().iterator().next().status().jsonName()));

    assertThat(r.outcome()).isEqualTo(Outcome.REACHED);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    assertThat(seen).hasSize(2);
    assertThat(api.last().target()).isEqualTo("/pins/" + ApiFixtures.CID + "?local=false");
  }

  @Test
  void limit_countsPeersAtTheTarget() throws Exception {
    statuses(gpi("pinned", "pinning"));

    Result r =
        waiter.await(
            new Target(CID, TrackerStatus.PINNED, 1, Duration.ZERO, Duration.ofSeconds(1), false),
            g -> {});

    assertThat(r.outcome()).isEqualTo(Outcome.REACHED);
  }

  @Test
  void unpinned_remoteDoesNotCount() throws Exception {
    statuses(gpi("unpinned", "remote"), gpi("unpinned", "unpinned"));

    Result r =
        waiter.await(
            new Target(CID, TrackerStatus.UNPINNED, 0, Duration.ZERO, Duration.ofSeconds(1), false),
            g -> {});

    assertThat(r.outcome()).isEqualTo(Outcome.REACHED);
    assertThat(api.requests()).hasSize(2);
  }

  @Test
  void errorStatus_failsAtOnce() throws Exception {
    statuses(gpi("pin_error", "pinned"));

    Result r =
        waiter.await(
            new Target(CID, TrackerStatus.PINNED, 0, Duration.ZERO, Duration.ofSeconds(1), false),
            g -> {});

    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.last()).isNotNull();
  }

  @Test
  void timeout_endsTheWait() throws Exception {
    statuses(gpi("pinning", "pinning"));

    Result r =
        waiter.await(
            new Target(
                CID,
                TrackerStatus.PINNED,
                0,
                Duration.ofMillis(2500),
                Duration.ofSeconds(1),
                false),
            g -> {});

    assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(api.requests()).hasSize(2);
    assertThat(sleeps)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500));
  }

  @Test
  void timeoutOfOnePeriodOrLess_waitsForever() throws Exception {
    statuses(gpi("pinning", "pinning"), gpi("pinning", "pinning"), gpi("pinned", "pinned"));

    Result r =
        waiter.await(
            new Target(
                CID, TrackerStatus.PINNED, 0, Duration.ofSeconds(1), Duration.ofSeconds(1), false),
            g -> {});

    assertThat(r.outcome()).isEqualTo(Outcome.REACHED);
    assertThat(api.requests()).hasSize(3);
  }
}
