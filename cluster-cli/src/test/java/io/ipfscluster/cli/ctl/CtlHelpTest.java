package io.ipfscluster.cli.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.cli.ctl.CtlRunner.Result;
import io.ipfscluster.client.FakeApi;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Spec §9.1 t0010: help, version and the hidden {@code commands}. */
class CtlHelpTest {
  private FakeApi api;
  private CtlRunner ctl;

  @BeforeEach
  void start() throws Exception {
    api = FakeApi.start();
    ctl = new CtlRunner(api);
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  @Test
  void help_everyForm_succeeds_withTheSections_within120Columns() {
    for (String form : List.of("--help", "-h", "h", "help")) {
      Result r = ctl.runRaw(form);
      assertThat(r.code()).as(form).isZero();
      assertThat(r.out().lines())
          .as(form)
          .anyMatch(l -> l.startsWith("Usage"))
          .anyMatch(l -> l.startsWith("Commands"))
          .anyMatch(l -> l.startsWith("Global Options"))
          .allMatch(l -> l.length() <= 120);
    }
  }

  @Test
  void noCommand_printsHelp() {
    Result r = ctl.runRaw();

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage:");
  }

  @Test
  void version_flag() {
    assertThat(ctl.runRaw("--version").out()).matches("ipfs-cluster-ctl version \\S+\n");
    assertThat(ctl.runRaw("-v").code()).isZero();
  }

  @Test
  void commands_listsEveryCommand_asTheOriginal() {
    Result r = ctl.runRaw("commands");

    assertThat(r.out())
        .isEqualTo(
            String.join(
                "\n",
                "ipfs-cluster-ctl id",
                "ipfs-cluster-ctl peers",
                "ipfs-cluster-ctl peers ls",
                "ipfs-cluster-ctl peers rm",
                "ipfs-cluster-ctl add",
                "ipfs-cluster-ctl pin",
                "ipfs-cluster-ctl pin add",
                "ipfs-cluster-ctl pin rm",
                "ipfs-cluster-ctl pin update",
                "ipfs-cluster-ctl pin ls",
                "ipfs-cluster-ctl status",
                "ipfs-cluster-ctl recover",
                "ipfs-cluster-ctl version",
                "ipfs-cluster-ctl health",
                "ipfs-cluster-ctl health graph",
                "ipfs-cluster-ctl health metrics",
                "ipfs-cluster-ctl health alerts",
                "ipfs-cluster-ctl health bandwidth",
                "ipfs-cluster-ctl ipfs",
                "ipfs-cluster-ctl ipfs gc",
                "ipfs-cluster-ctl commands",
                "ipfs-cluster-ctl help",
                ""));
  }

  @Test
  void everyCommandsHelp_succeeds_within120Columns() {
    for (String line : ctl.runRaw("commands").out().lines().toList()) {
      List<String> args = List.of(line.split(" "));
      String[] withHelp =
          java.util.stream.Stream.concat(
                  args.stream().skip(1), java.util.stream.Stream.of("--help"))
              .toArray(String[]::new);
      Result r = ctl.runRaw(withHelp);
      assertThat(r.code()).as(line).isZero();
      assertThat(r.out()).as(line).isNotEmpty();
      assertThat(r.out().lines()).as(line).allMatch(l -> l.length() <= 120);
    }
  }

  @Test
  void commandHelp_ofAModelBuiltAlone_isTheHelpOfTheWholeTree() {
    for (String line : ctl.runRaw("commands").out().lines().toList()) {
      List<String> path = List.of(line.split(" ")).subList(1, line.split(" ").length);
      if (path.getFirst().equals("help") || path.getFirst().equals("commands")) {
        continue;
      }
      List<String> viaHelp = new java.util.ArrayList<>(List.of("help"));
      viaHelp.addAll(path);
      List<String> alone = new java.util.ArrayList<>(List.of("--enc", "text"));
      alone.addAll(path);
      alone.add("--help");

      assertThat(ctl.runRaw(alone.toArray(String[]::new)).out())
          .as(line)
          .isEqualTo(ctl.runRaw(viaHelp.toArray(String[]::new)).out());
    }
  }

  @Test
  void helpOfACommand_describesIt() {
    assertThat(ctl.runRaw("help", "pin", "add").out()).contains("--replication").contains("--wait");
    assertThat(ctl.runRaw("pin", "add", "--help").out()).contains("--expire-in");
    assertThat(ctl.runRaw("help", "nope").code()).isEqualTo(1);
  }

  @Test
  void groupCommand_alone_printsItsHelp() {
    Result r = ctl.runRaw("pin");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Commands:").contains("update");
  }
}
