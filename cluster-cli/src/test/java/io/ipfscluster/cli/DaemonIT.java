package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the built daemon as a process and stops it as an operator would. */
class DaemonIT {
  @TempDir Path dir;

  @Test
  void daemon_startsWithTheConfiguredIdentity_andStopsCleanlyOnSigterm() throws Exception {
    Path cfg = dir.resolve("cfg");
    // Random ports: the REST API and the embedded IPFS node must not collide with anything.
    assertThat(Dist.service(cfg, "init", "--randomports").exitCode()).isZero();
    String id =
        new ObjectMapper().readTree(cfg.resolve("identity.json").toFile()).path("id").asText();
    Path log = dir.resolve("daemon.log");
    Process daemon =
        new ProcessBuilder(
                Dist.home().resolve("bin/ipfs-cluster-service").toString(),
                "--config",
                cfg.toString(),
                "daemon")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(log).contains("peer " + id + " is running"));
      assertThat(Dist.service(cfg, "state", "export").err()).contains("cannot acquire lock file");

      daemon.destroy(); // SIGTERM

      assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(log)).contains("peer stopped");
      assertThat(Dist.service(cfg, "state", "export").exitCode()).isZero();
    } finally {
      daemon.destroyForcibly();
    }
  }
}
