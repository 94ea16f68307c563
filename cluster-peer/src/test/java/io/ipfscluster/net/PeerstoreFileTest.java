package io.ipfscluster.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.multiformats.Multiaddr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerstoreFileTest {
  private static final String PEER = "QmcgpsyWgH8Y8ajJz1Cu72KnS5uo2Aa2LpzU7kinSupNKC";
  @TempDir Path dir;

  @Test
  void writeThenRead_roundTrips_andMissingFileIsEmpty() throws Exception {
    Path file = dir.resolve("peerstore");
    assertThat(PeerstoreFile.read(file)).isEmpty();
    List<Multiaddr> addrs =
        List.of(
            Multiaddr.parse("/ip4/10.0.0.1/tcp/9096/p2p/" + PEER),
            Multiaddr.parse("/dns4/peer.example.com/tcp/9096/p2p/" + PEER));

    PeerstoreFile.write(file, addrs);

    assertThat(PeerstoreFile.read(file)).isEqualTo(addrs);
  }

  @Test
  void read_skipsLinesNotStartingWithSlash() throws Exception {
    Path file = dir.resolve("peerstore");
    Files.writeString(file, "# comment\n\n/ip4/10.0.0.1/tcp/9096/p2p/" + PEER + "\n");

    assertThat(PeerstoreFile.read(file)).hasSize(1);
  }

  @Test
  void read_addressWithoutPeerId_namesFileAndLine() throws Exception {
    Path file = dir.resolve("peerstore");
    Files.writeString(file, "/ip4/10.0.0.1/tcp/9096/p2p/" + PEER + "\n/ip4/10.0.0.2/tcp/9096\n");

    assertThatThrownBy(() -> PeerstoreFile.read(file))
        .hasMessageContaining(file + ":2: multiaddress does not contain peer ID");
  }
}
