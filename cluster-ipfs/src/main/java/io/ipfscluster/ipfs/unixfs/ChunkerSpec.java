package io.ipfscluster.ipfs.unixfs;

import java.io.InputStream;

/**
 * A parsed chunker name, as kubo (boxo {@code chunker.FromString}) accepts them: {@code size-N},
 * {@code rabin}, {@code rabin-AVG}, {@code rabin-MIN-AVG-MAX} (each part optionally labelled {@code
 * min:}, {@code avg:}, {@code max:}) and {@code buzhash}; {@code ""} and {@code default} mean
 * {@code size-262144}.
 *
 * <p>Immutable and thread-safe.
 */
sealed interface ChunkerSpec {
  /** The default chunk size: 256 KiB. */
  int DEFAULT_SIZE = 256 * 1024;

  /** The largest chunk kubo accepts: the 2 MiB block limit minus 256 bytes of framing. */
  int MAX_CHUNK = 2 * 1024 * 1024 - 256;

  /** A chunker reading {@code in}. */
  Chunker open(InputStream in);

  /** Fixed-size chunks. */
  record Fixed(int size) implements ChunkerSpec {
    @Override
    public Chunker open(InputStream in) {
      return new FixedSizeChunker(in, size);
    }
  }

  /** Content-defined chunks cut where a Rabin fingerprint's low bits are zero. */
  record Rabin(long min, long avg, long max) implements ChunkerSpec {
    @Override
    public Chunker open(InputStream in) {
      return new RabinChunker(in, min, avg, max);
    }
  }

  /** Content-defined chunks of 128 to 512 KiB cut by a 32-byte buzhash window. */
  record Buzhash() implements ChunkerSpec {
    @Override
    public Chunker open(InputStream in) {
      return new BuzhashChunker(in);
    }
  }

  /**
   * Parses a chunker name.
   *
   * @throws IllegalArgumentException with kubo's message for names it rejects
   */
  static ChunkerSpec parse(String name) {
    if (name == null || name.isEmpty() || name.equals("default")) {
      return new Fixed(DEFAULT_SIZE);
    }
    String[] parts = name.split("-", -1);
    return switch (parts[0]) {
      case "size" -> {
        if (parts.length != 2) {
          throw new IllegalArgumentException(
              "incorrect chunker string format (expected size-{size})");
        }
        int size = number(parts[1], name);
        if (size <= 0) {
          throw new IllegalArgumentException("chunker size must be greater than 0");
        }
        if (size > MAX_CHUNK) {
          throw tooLarge();
        }
        yield new Fixed(size);
      }
      case "rabin" -> rabin(parts, name);
      case "buzhash" -> new Buzhash();
      default -> throw new IllegalArgumentException("unrecognized chunker option: " + name);
    };
  }

  private static ChunkerSpec rabin(String[] parts, String name) {
    switch (parts.length) {
      case 1:
        return averaging(DEFAULT_SIZE);
      case 2:
        {
          int avg = number(parts[1], name);
          if ((int) ((float) avg * 1.5f) > MAX_CHUNK) {
            throw tooLarge();
          }
          return averaging(avg);
        }
      case 4:
        {
          long min = labelled(parts[1], "min", "first label must be min", name);
          if (min < 16) {
            throw new IllegalArgumentException("rabin min must be greater than 16");
          }
          long avg = labelled(parts[2], "avg", "second label must be avg", name);
          long max = labelled(parts[3], "max", "final label must be max", name);
          if (min >= avg) {
            throw new IllegalArgumentException(
                "incorrect format: rabin-min must be smaller than rabin-avg");
          }
          if (avg >= max) {
            throw new IllegalArgumentException(
                "incorrect format: rabin-avg must be smaller than rabin-max");
          }
          if (max > MAX_CHUNK) {
            throw tooLarge();
          }
          return new Rabin(min, avg, max);
        }
      default:
        throw new IllegalArgumentException(
            "incorrect format (expected 'rabin' 'rabin-[avg]' or 'rabin-[min]-[avg]-[max]'");
    }
  }

  /** kubo's {@code NewRabin(avg)}: min = avg/3, max = avg + avg/2 (integer division). */
  private static Rabin averaging(long avg) {
    if (avg <= 0) {
      throw new IllegalArgumentException("rabin average size must be greater than 0");
    }
    return new Rabin(avg / 3, avg, avg + avg / 2);
  }

  private static long labelled(String part, String label, String error, String name) {
    String[] sub = part.split(":", -1);
    if (sub.length > 1 && !sub[0].equals(label)) {
      throw new IllegalArgumentException(error);
    }
    return number(sub[sub.length - 1], name);
  }

  private static int number(String s, String name) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "invalid chunker " + name + ": \"" + s + "\" is not a number", e);
    }
  }

  private static IllegalArgumentException tooLarge() {
    return new IllegalArgumentException(
        "chunker parameters may not exceed the maximum chunk size of " + MAX_CHUNK);
  }
}
