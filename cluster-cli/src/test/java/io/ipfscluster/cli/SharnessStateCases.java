package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The sharness cases t0053 and t0054 (spec §9.1): the pinset of a stopped peer imported, exported
 * and cleaned up with {@code ipfs-cluster-service state}. Each case starts a peer of its own. Run
 * with crdt consensus by {@link SharnessCases} and with raft by {@link SharnessRaftStateIT}; the
 * hooks add what only one consensus has to show.
 */
interface SharnessStateCases {
  /** The folder the cases write their state files into. */
  Path dir();

  /** A fresh peer named {@code name}, not started, with the consensus under test. */
  SharnessPeer statePeer(String name) throws Exception;

  /** Checks, on the stopped peer {@code p}, what {@code state cleanup} left beside the pinset. */
  default void afterCleanup(SharnessPeer p) {}

  /** Checks, on the peer {@code p} started again after {@code state import}, its membership. */
  default void afterImportStarted(SharnessPeer p) throws Exception {}

  @Test
  default void t0053_stateImport_badFileExitsOne_goodFileIsPinnedAfterStart() throws Exception {
    try (SharnessPeer p = statePeer("t0053")) {
      p.start();
      // Added while the peer runs: its IPFS node may be the embedded one.
      String cid = new SharnessKubo(p.ipfsApi()).add("test_53\n");
      p.stop();
      Path bad = dir().resolve("t0053-badImportFile");
      Files.writeString(bad, "not exactly json\n");

      assertThat(p.service("state", "import", "-f", bad.toString()).exitCode()).isEqualTo(1);

      assertThat(cid).isEqualTo("QmbrCtydGyPeHiLURSPMqrvE5mCgMCwFYq3UD4XLCeAYw6"); // as kubo
      Path importState = dir().resolve("t0053-importState");
      // The layout of the sharness file: one pretty-printed object.
      Files.writeString(
          importState,
          "{\n  \"cid\": \""
              + cid
              + "\",\n  \"name\": \"\",\n  \"allocations\": [],\n"
              + "  \"replication_factor_min\": -1,\n  \"replication_factor_max\": -1\n}\n");
      Dist.Result imported = p.service("state", "import", "-f", importState.toString());
      assertThat(imported.exitCode()).as(imported.all()).isZero();
      p.start();

      assertThat(p.ctlOk("pin", "ls", cid)).contains(cid);
      SharnessCases.awaitStatus(p, cid, "PINNED");
      afterImportStarted(p);
    }
  }

  @Test
  default void t0054_stateCleanup_emptiesThePinset_exportCleanupImportIsANoop() throws Exception {
    try (SharnessPeer p = statePeer("t0054")) {
      p.start();
      String cid = new SharnessKubo(p.ipfsApi()).add("test_54\n");
      p.ctlOk("pin", "add", cid);
      assertThat(p.ctlOk("pin", "ls", cid)).contains(cid);
      SharnessCases.awaitStatus(p, cid, "PINNED");
      assertThat(p.ctlJson("status")).hasSize(1);
      p.stop();

      assertThat(p.service("state", "cleanup", "-f").exitCode()).isZero();
      afterCleanup(p);
      p.start();

      assertThat(p.ctlJson("status")).isEmpty();

      p.ctlOk("pin", "add", cid);
      assertThat(p.ctlJson("status")).hasSize(1);
      p.stop();
      Path export = dir().resolve("t0054-import.json");
      Dist.Result exported = p.service("state", "export", "-f", export.toString());
      assertThat(exported.exitCode()).as(exported.all()).isZero();
      // As t0052 checks it: the export of the stopped peer has the pinned CID.
      assertThat(SharnessCases.jsonObjects(Files.readString(export)))
          .extracting(o -> o.path("cid").asText())
          .containsExactly(cid);
      assertThat(p.service("state", "cleanup", "-f").exitCode()).isZero();
      assertThat(p.service("state", "import", "-f", export.toString()).exitCode()).isZero();
      p.start();

      assertThat(p.ctlOk("pin", "ls", cid)).contains(cid);
      SharnessCases.awaitStatus(p, cid, "PINNED");
      assertThat(p.ctlJson("status")).hasSize(1);
    }
  }
}
