package io.ipfscluster.cli.ctl;

import io.ipfscluster.api.PeerInfo;
import io.ipfscluster.client.ResultStream;
import io.ipfscluster.multiformats.PeerId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code peers ls|rm}. */
@Command(
    name = "peers",
    header = "List and manage IPFS Cluster peers",
    description = "  List and manage IPFS Cluster peers",
    subcommands = {PeersCommand.Ls.class, PeersCommand.Rm.class})
final class PeersCommand extends GroupCommand {
  @Command(
      name = "ls",
      header = "list the nodes participating in the IPFS Cluster",
      description =
          "  This command provides a list of the ID information of all the peers in the Cluster.")
  static final class Ls extends CtlCommand {
    @Override
    void run() {
      try (ResultStream<PeerInfo> peers = client().peers()) {
        printer().printEach(peers);
      }
    }
  }

  @Command(
      name = "rm",
      header = "remove a peer from the Cluster",
      description = {
        "  This command removes a peer from the cluster. If the peer is online, it will",
        "  automatically shut down. All other cluster peers should be online for the",
        "  operation to succeed, otherwise some nodes may be left with an outdated list of",
        "  cluster peers."
      })
  static final class Rm extends CtlCommand {
    @Parameters(arity = "0..1", paramLabel = "<peer ID>", description = "the peer to remove")
    String peer;

    @Override
    void run() {
      PeerId id;
      try {
        id = PeerId.parse(peer == null ? "" : peer);
      } catch (IllegalArgumentException e) {
        throw new CtlError("parsing peer ID", e.getMessage());
      }
      client().peerRemove(id);
    }
  }
}
