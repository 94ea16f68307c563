package io.ipfscluster.consensus.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.config.RaftConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaftFolderTest {
  @TempDir Path dir;

  /** Creates the raft folder with a file naming its {@code generation}. */
  private void raftFolder(String generation) throws IOException {
    Files.createDirectories(dir.resolve("raft/sub"));
    Files.writeString(dir.resolve("raft/sub/generation"), generation);
  }

  private String generationOf(String folder) throws IOException {
    return Files.readString(dir.resolve(folder).resolve("sub/generation"));
  }

  @Test
  void backUp_withoutAFolder_doesNothing() throws IOException {
    assertThat(RaftFolder.backUp(RaftConfig.defaults(), dir)).isFalse();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void backUp_repeatedly_keepsTheNewestBackupsRotateFolders_newestFirst() throws IOException {
    RaftConfig config = RaftConfig.defaults(); // backups_rotate 6
    for (int i = 1; i <= 8; i++) {
      raftFolder("g" + i);
      assertThat(RaftFolder.backUp(config, dir)).isTrue();
    }

    assertThat(dir.resolve("raft")).doesNotExist();
    assertThat(generationOf("raft.old.0")).isEqualTo("g8");
    assertThat(generationOf("raft.old.5")).isEqualTo("g3");
    assertThat(dir.resolve("raft.old.6")).doesNotExist();
  }
}
