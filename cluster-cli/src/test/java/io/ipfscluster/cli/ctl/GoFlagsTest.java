package io.ipfscluster.cli.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class GoFlagsTest {
  private final CommandSpec root = new CommandLine(new Ctl(null)).getCommandSpec();

  private Optional<String> command(String... args) {
    return GoFlags.command(root, args);
  }

  @Test
  void command_afterRootOptionsAndTheirValues_isFound() {
    assertThat(command("id")).contains("id");
    assertThat(command("--host", "/ip4/127.0.0.1/tcp/1", "id")).contains("id");
    assertThat(command("-l", "pin", "--enc=json", "-d", "pin", "ls")).contains("pin");
    assertThat(command("--timeout", "5", "--https", "peers", "ls")).contains("peers");
  }

  @Test
  void command_withGoSpellingsOfRootOptions_isFound() {
    assertThat(command("-host", "id", "-enc", "json", "status")).contains("status");
    assertThat(command("--l", "id", "--t=5", "health")).contains("health");
  }

  @Test
  void command_whenUnclearWithoutTheWholeTree_isEmpty() {
    assertThat(command()).isEmpty();
    assertThat(command("--host", "x")).isEmpty();
    assertThat(command("--help", "id")).isEmpty();
    assertThat(command("-v", "id")).isEmpty();
    assertThat(command("-dl", "id", "peers")).isEmpty();
    assertThat(command("--rmin", "2", "id")).isEmpty();
    assertThat(command("--", "id")).isEmpty();
    assertThat(command("@args")).isEmpty();
  }
}
