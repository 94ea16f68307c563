package io.ipfscluster.cli;

import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.identity.IdentityFile;
import io.ipfscluster.multiformats.PeerId;
import io.ipfscluster.peer.PeerStorage;
import io.ipfscluster.state.StateExport;
import io.ipfscluster.state.StateImportException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code state}: export, import and clean up the peer's pinset while the peer is stopped. */
@Command(
    name = "state",
    description = "Manages the peer's pinset state (export, import, cleanup, crdt info)",
    usageHelpWidth = 100,
    subcommands = {
      StateCommand.Export.class,
      StateCommand.Import.class,
      StateCommand.Cleanup.class,
      StateCrdtCommand.class
    })
final class StateCommand implements Callable<Integer> {
  @ParentCommand ServiceMain service;

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 1;
  }

  /**
   * Runs {@code action} on the peer's storage, holding the folder's lock. The pinset is the one of
   * the configured consensus: a CRDT peer's is its CRDT replica, written as the peer's identity; a
   * Raft peer's is its applied Raft state (import and cleanup start a new Raft history).
   */
  <T> T withStorage(StorageAction<T> action) throws IOException {
    Path dir = service.configDir();
    ServiceConfig config = ServiceConfig.load(dir, service.env);
    try (ClusterLock lock = ClusterLock.acquire(dir)) {
      Identity identity = IdentityFile.load(dir.resolve(IdentityFile.NAME), service.env);
      try (PeerStorage storage = PeerStorage.open(config, dir, identity)) {
        return action.run(storage);
      }
    }
  }

  interface StorageAction<T> {
    T run(PeerStorage storage) throws IOException;
  }

  @Command(
      name = "export",
      description =
          "Writes the pinset as JSON objects, one per line, to a file or the standard output")
  static final class Export implements Callable<Integer> {
    @ParentCommand StateCommand state;

    @Option(
        names = {"-f", "--file"},
        paramLabel = "file",
        description = "write to this file instead of the standard output")
    Path file;

    @Override
    public Integer call() throws IOException {
      return state.withStorage(
          storage -> {
            if (file == null) {
              OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
              StateExport.exportTo(storage.state(), out);
              out.flush();
            } else {
              try (OutputStream out =
                  new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                StateExport.exportTo(storage.state(), out);
              }
            }
            return 0;
          });
    }
  }

  @Command(
      name = "import",
      description =
          "Replaces the pinset with the pins read from a file (or the standard input): JSON"
              + " objects as 'state export' writes them")
  static final class Import implements Callable<Integer> {
    @ParentCommand StateCommand state;

    @Parameters(
        arity = "0..1",
        paramLabel = "file",
        description = "the file to read ('-' or none: standard input)")
    String file;

    @Option(
        names = {"-f", "--force"},
        description = "replace the pinset without asking")
    boolean force;

    @Option(
        names = {"--replication-min", "--rmin"},
        paramLabel = "N",
        description = "set replication_factor_min of every pin (when positive)")
    int replicationMin;

    @Option(
        names = {"--replication-max", "--rmax"},
        paramLabel = "N",
        description = "set replication_factor_max of every pin (when positive)")
    int replicationMax;

    @Option(
        names = {"--allocations", "--allocs"},
        split = ",",
        paramLabel = "peer",
        description = "set the allocations of every pin to these peer IDs")
    List<String> allocations = List.of();

    @Override
    public Integer call() throws IOException {
      boolean fromStdin = file == null || file.equals("-");
      if (!force && !state.service.force) {
        if (fromStdin) {
          throw new CliException(
              "importing from the standard input needs --force: the question would read it");
        }
        if (!Prompt.yesNo(
            "The pinset (state) of this peer will be replaced by the contents of " + file + ".",
            System.out)) {
          System.out.println("Nothing done.");
          return 0;
        }
      }
      StateExport.Overrides overrides =
          new StateExport.Overrides(replicationMin, replicationMax, peers());
      return state.withStorage(
          storage -> {
            try (InputStream in = fromStdin ? System.in : Files.newInputStream(Path.of(file))) {
              long n = storage.importState(in, overrides);
              System.err.println("imported " + n + " pins");
              return 0;
            } catch (NoSuchFileException e) {
              throw new CliException("error importing state: no such file: " + file);
            } catch (StateImportException e) {
              throw new CliException(
                  "error importing state from "
                      + (fromStdin ? "standard input" : file)
                      + ": "
                      + e.getMessage()
                      + " (the state was left unchanged)");
            }
          });
    }

    private List<PeerId> peers() {
      List<PeerId> out = new ArrayList<>();
      for (String p : allocations) {
        try {
          out.add(PeerId.parse(p.trim()));
        } catch (IllegalArgumentException e) {
          throw new CliException("error parsing --allocations: " + e.getMessage());
        }
      }
      return out;
    }
  }

  @Command(name = "cleanup", description = "Removes every pin from the peer's pinset")
  static final class Cleanup implements Callable<Integer> {
    @ParentCommand StateCommand state;

    @Option(
        names = {"-f", "--force"},
        description = "clean up without asking")
    boolean force;

    @Override
    public Integer call() throws IOException {
      if (!force
          && !state.service.force
          && !Prompt.yesNo(
              "The pinset (state) of this peer will be removed. This cannot be undone.",
              System.out)) {
        System.out.println("Nothing done.");
        return 0;
      }
      return state.withStorage(
          storage -> {
            storage.cleanup();
            System.err.println("pinset removed");
            return 0;
          });
    }
  }
}
