package io.ipfscluster.ipfs.embedded;

import java.util.HashMap;
import java.util.Map;

/** The table of every kubo RPC command the embedded node serves, by path. */
final class Commands {
  private Commands() {}

  static Map<String, Command> all() {
    Map<String, Command> commands = new HashMap<>();
    InfoCommands.register(commands);
    PinCommands.register(commands);
    BlockCommands.register(commands);
    RepoCommands.register(commands);
    RefsCommands.register(commands);
    DagCommands.register(commands);
    FileCommands.register(commands);
    AddCommand.register(commands);
    return commands;
  }
}
