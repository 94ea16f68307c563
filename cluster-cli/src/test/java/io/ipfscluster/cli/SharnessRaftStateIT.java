package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The raft variants of the sharness state cases t0052–t0054 (spec §9.1): one peer of the built
 * distribution, initialised with {@code init --consensus raft} and its embedded IPFS node, whose
 * pinset is exported, imported and cleaned up with {@code ipfs-cluster-service state} while it is
 * stopped. The cases are those of {@link SharnessStateCases}, which {@link SharnessCases} runs with
 * crdt; t0052 (export of a stopped peer) is checked within t0054, which exports a stopped peer too,
 * to spare two daemon starts.
 */
@Execution(ExecutionMode.CONCURRENT) // beside the other suites
@ResourceLock("sharness-raft") // held by the class: its cases run one by one
@Timeout(300)
class SharnessRaftStateIT implements SharnessStateCases {
  @TempDir Path dir;

  @Override
  public Path dir() {
    return dir;
  }

  @Override
  public SharnessPeer statePeer(String name) throws Exception {
    return SharnessPeer.init(dir.resolve(name), List.of("--consensus", "raft"), (d, c) -> {});
  }

  /** Raft keeps the folder it cleaned up as a backup (backups_rotate). */
  @Override
  public void afterCleanup(SharnessPeer p) {
    assertThat(p.dir.resolve("raft.old.0")).isDirectory();
  }

  /** The imported snapshot's peers: this peer alone, which leads and takes writes. */
  @Override
  public void afterImportStarted(SharnessPeer p) throws Exception {
    assertThat(p.ctlJson("peers", "ls")).hasSize(1);
  }
}
