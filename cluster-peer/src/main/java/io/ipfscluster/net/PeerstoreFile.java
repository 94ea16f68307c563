package io.ipfscluster.net;

import io.ipfscluster.multiformats.Multiaddr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code peerstore} file: one multiaddr with a {@code /p2p/} peer ID per line, the addresses of
 * peers this peer knows. Lines that do not start with {@code /} are ignored, as in the original.
 * Thread-safe: stateless.
 */
public final class PeerstoreFile {
  private PeerstoreFile() {}

  /**
   * Reads the addresses in {@code file}; a missing file has none.
   *
   * @throws IllegalArgumentException naming the file and line when an address is malformed or lacks
   *     a peer ID
   */
  public static List<Multiaddr> read(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    List<Multiaddr> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (!line.startsWith("/")) {
        continue;
      }
      Multiaddr addr;
      try {
        addr = Multiaddr.parse(line);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
      }
      if (addr.peerId().isEmpty()) {
        throw new IllegalArgumentException(
            file + ":" + (i + 1) + ": multiaddress does not contain peer ID: " + line);
      }
      out.add(addr);
    }
    return out;
  }

  /** Replaces {@code file} with {@code addrs}, one per line, atomically. */
  public static void write(Path file, List<Multiaddr> addrs) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Multiaddr a : addrs) {
      sb.append(a).append('\n');
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".peerstore", ".tmp");
    try {
      Files.writeString(tmp, sb, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
