package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The raft variants of the sharness state cases t0052–t0054 (spec §9.1): one peer of the built
 * distribution, initialised with {@code init --consensus raft} and its embedded IPFS node, whose
 * pinset is exported, imported and cleaned up with {@code ipfs-cluster-service state} while it is
 * stopped. The crdt variants are in {@link SharnessCases}; t0052 (export of a stopped peer) is
 * checked within t0054, which exports a stopped peer too, to spare two daemon starts.
 */
@Execution(ExecutionMode.CONCURRENT) // beside the other suites
@ResourceLock("sharness-raft") // held by the class: its cases run one by one
@Timeout(300)
class SharnessRaftStateIT {
  @TempDir Path dir;

  private SharnessPeer raftPeer(String name) throws Exception {
    return SharnessPeer.init(dir.resolve(name), List.of("--consensus", "raft"), (d, c) -> {});
  }

  @Test
  void t0053_stateImport_badFileExitsOne_goodFileIsPinnedAfterStart() throws Exception {
    try (SharnessPeer p = raftPeer("t0053")) {
      p.start();
      String cid = new SharnessKubo(p.ipfsApi()).add("test_53\n");
      p.stop();
      Path bad = dir.resolve("t0053-badImportFile");
      Files.writeString(bad, "not exactly json\n");

      assertThat(p.service("state", "import", "-f", bad.toString()).exitCode()).isEqualTo(1);

      Path importState = dir.resolve("t0053-importState");
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
      // The imported snapshot's peers: this peer alone, which leads and takes writes.
      assertThat(p.ctlJson("peers", "ls")).hasSize(1);
    }
  }

  @Test
  void t0052_t0054_exportHasThePin_cleanupEmptiesThePinset_exportCleanupImportIsANoop()
      throws Exception {
    try (SharnessPeer p = raftPeer("t0054")) {
      p.start();
      String cid = new SharnessKubo(p.ipfsApi()).add("test_54\n");
      p.ctlOk("pin", "add", cid);
      SharnessCases.awaitStatus(p, cid, "PINNED");
      assertThat(p.ctlJson("status")).hasSize(1);
      p.stop();

      assertThat(p.service("state", "cleanup", "-f").exitCode()).isZero();
      // Raft keeps the folder it cleaned up as a backup (backups_rotate).
      assertThat(p.dir.resolve("raft.old.0")).isDirectory();
      p.start();

      assertThat(p.ctlJson("status")).isEmpty();

      p.ctlOk("pin", "add", cid);
      assertThat(p.ctlJson("status")).hasSize(1);
      p.stop();
      Path export = dir.resolve("t0054-import.json");
      Dist.Result exported = p.service("state", "export", "-f", export.toString());
      assertThat(exported.exitCode()).as(exported.all()).isZero();
      // t0052: the export of the stopped peer has the pinned CID.
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
