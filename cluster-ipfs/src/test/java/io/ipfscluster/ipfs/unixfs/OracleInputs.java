package io.ipfscluster.ipfs.unixfs;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The inputs of the js-ipfs oracle vectors (tools/oracles/README.md), regenerated: prng(n) is the
 * xorshift32 stream seeded 0x2545F491, pattern(n) byte i = (i*31+7) & 0xFF, zeros(n). Large inputs
 * are generated while they are read, so no test holds 45 MiB in memory.
 */
final class OracleInputs {
  private OracleInputs() {}

  /** The input named {@code id} in unixfs-add.tsv, as a stream. */
  static InputStream stream(String id) {
    return switch (id) {
      case "empty" -> new Generated(0, Kind.ZEROS);
      case "byte-00" -> bytes(new byte[] {0});
      case "byte-61" -> bytes(new byte[] {0x61});
      case "byte-ff" -> bytes(new byte[] {(byte) 0xff});
      case "hello-11" -> bytes("hello world".getBytes(UTF_8));
      case "hello-12" -> bytes("hello world\n".getBytes(UTF_8));
      case "hello-25" -> bytes("hello, ipfs cluster jvm!\n".getBytes(UTF_8));
      default -> {
        int dash = id.lastIndexOf('-');
        long n = Long.parseLong(id.substring(dash + 1));
        yield switch (id.substring(0, dash)) {
          case "prng" -> new Generated(n, Kind.PRNG);
          case "pattern" -> new Generated(n, Kind.PATTERN);
          case "zeros" -> new Generated(n, Kind.ZEROS);
          default -> throw new IllegalArgumentException("unknown input " + id);
        };
      }
    };
  }

  /** The first {@code n} bytes of the xorshift32 stream. */
  static byte[] prng(int n) {
    try {
      return new Generated(n, Kind.PRNG).readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Writes the oracle's directory tree under {@code parent} and returns {@code parent/tree}.
   *
   * <pre>
   * tree/ a.txt b.bin empty.txt .hidden empty-dir/ sub/{c.txt big.bin .dotdir/e.txt deeper/d.txt}
   * </pre>
   */
  static Path writeTree(Path parent) throws IOException {
    Path tree = parent.resolve("tree");
    Files.createDirectories(tree.resolve("empty-dir"));
    Files.createDirectories(tree.resolve("sub/.dotdir"));
    Files.createDirectories(tree.resolve("sub/deeper"));
    Files.writeString(tree.resolve("a.txt"), "alpha\n");
    Files.write(tree.resolve("b.bin"), prng(1000));
    Files.write(tree.resolve("empty.txt"), new byte[0]);
    Files.writeString(tree.resolve(".hidden"), "hidden file\n");
    Files.writeString(tree.resolve("sub/c.txt"), "charlie\n");
    Files.write(tree.resolve("sub/big.bin"), prng(300000));
    Files.writeString(tree.resolve("sub/.dotdir/e.txt"), "echo\n");
    Files.writeString(tree.resolve("sub/deeper/d.txt"), "delta\n");
    return tree;
  }

  private static InputStream bytes(byte[] b) {
    return new java.io.ByteArrayInputStream(b);
  }

  private enum Kind {
    PRNG,
    PATTERN,
    ZEROS
  }

  /** Generates an input as it is read. */
  private static final class Generated extends InputStream {
    private final long size;
    private final Kind kind;
    private long pos;
    private int x = 0x2545F491;

    Generated(long size, Kind kind) {
      this.size = size;
      this.kind = kind;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - pos);
      switch (kind) {
        case PRNG -> {
          int s = x;
          for (int i = 0; i < n; i++) {
            s ^= s << 13;
            s ^= s >>> 17;
            s ^= s << 5;
            b[off + i] = (byte) s;
          }
          x = s;
        }
        case PATTERN -> {
          for (int i = 0; i < n; i++) {
            b[off + i] = (byte) ((pos + i) * 31 + 7);
          }
        }
        case ZEROS -> java.util.Arrays.fill(b, off, off + n, (byte) 0);
      }
      pos += n;
      return n;
    }
  }
}
