package io.ipfscluster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the programs of the built distribution as separate processes, for end-to-end tests. */
final class Dist {
  private Dist() {}

  /** What a program printed and how it exited. */
  record Result(int exitCode, String out, String err) {
    String all() {
      return out + err;
    }
  }

  static Path home() {
    String dir = System.getProperty("cluster.dist.dir");
    assertThat(dir).as("system property cluster.dist.dir (set by failsafe)").isNotNull();
    Path home = Path.of(dir);
    assertThat(home.resolve("bin/ipfs-cluster-service")).as("the built distribution").exists();
    return home;
  }

  /** Runs {@code program} with {@code args}; {@code stdin} is fed to it (null: none). */
  static Result run(String program, String stdin, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(home().resolve("bin").resolve(program).toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("IPFS_CLUSTER_PATH");
    pb.environment().keySet().removeIf(k -> k.startsWith("CLUSTER_"));
    pb.environment().putAll(env);
    Path out = Files.createTempFile("dist-out", ".txt");
    Path err = Files.createTempFile("dist-err", ".txt");
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    Process p = pb.start();
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(program + " " + String.join(" ", args) + " did not finish in 120 s");
    }
    Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  /** Runs {@code ipfs-cluster-ctl} with {@code args} and no CLUSTER_* environment. */
  static Result ctl(String... args) throws IOException, InterruptedException {
    return run("ipfs-cluster-ctl", null, Map.of(), args);
  }

  static Result service(Path configDir, String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("--config", configDir.toString()));
    all.addAll(List.of(args));
    return run("ipfs-cluster-service", null, Map.of(), all.toArray(String[]::new));
  }
}
