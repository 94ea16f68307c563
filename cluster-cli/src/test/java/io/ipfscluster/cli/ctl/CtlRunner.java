package io.ipfscluster.cli.ctl;

import io.ipfscluster.client.FakeApi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code ipfs-cluster-ctl} in-process against a {@link FakeApi}, with captured output, a
 * manual clock (starting at 2024-05-06T10:11:17Z) that sleeping advances, and no terminal.
 */
final class CtlRunner {
  static final Instant START = Instant.parse("2024-05-06T10:11:17Z");

  private final FakeApi api;
  private final Map<String, String> env = new HashMap<>();
  final List<Duration> sleeps = new ArrayList<>();
  Instant now = START;
  boolean errTerminal;

  /** What a run printed and how it exited. */
  record Result(int code, String out, String err) {}

  CtlRunner(FakeApi api) {
    this.api = api;
  }

  CtlRunner env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Runs with {@code --host <the fake>} before {@code args}. */
  Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("--host", api.addr().toString()));
    all.addAll(List.of(args));
    return runRaw(all.toArray(String[]::new));
  }

  /** Runs with exactly {@code args}. */
  Result runRaw(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CtlEnv e =
        new CtlEnv(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env,
            false,
            errTerminal,
            () -> now,
            d -> {
              sleeps.add(d);
              now = now.plus(d);
            });
    int code = Ctl.run(e, args);
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A golden file of {@code src/test/resources/ctl}. */
  static String golden(String name) {
    try (InputStream in = CtlRunner.class.getResourceAsStream("/ctl/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no golden file " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
