package io.ipfscluster.datastore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Drives a {@link Datastore} and a {@link TreeMap} model through the same seeded random sequence of
 * writes, batches, prefix deletions and scans, and checks after every read that both agree. Keys
 * are short and drawn from bytes at the edges of the unsigned order ({@code 00 01 7f 80 fe ff}), so
 * prefixes, empty keys and {@code 0xFF} runs collide often.
 *
 * <p>The model is deliberately naive (linear filters, its own prefix test) so that it shares no
 * logic with the stores. Not thread-safe.
 */
final class RandomOperations {
  private static final byte[] ALPHABET = {0x00, 0x01, 0x7F, (byte) 0x80, (byte) 0xFE, (byte) 0xFF};

  private final long seed;
  private final Random random;
  private final UnaryOperator<Datastore> reopen;
  private final TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
  private int step;

  RandomOperations(long seed, UnaryOperator<Datastore> reopen) {
    this.seed = seed;
    this.random = new Random(seed);
    this.reopen = reopen;
  }

  /**
   * Runs {@code steps} operations and returns the store, which {@code reopen} may have replaced.
   */
  Datastore run(Datastore store, int steps) {
    for (step = 0; step < steps; step++) {
      int dice = random.nextInt(100);
      if (dice < 20) {
        byte[] key = key(4);
        byte[] value = value();
        store.put(key, value);
        model.put(key, value);
      } else if (dice < 27) {
        byte[] key = key(4);
        store.delete(key);
        model.remove(key);
      } else if (dice < 30) {
        byte[] prefix = key(2);
        store.deletePrefix(prefix);
        deleteFromModel(prefix);
      } else if (dice < 55) {
        batch(store);
      } else if (dice < 70) {
        byte[] prefix = key(2);
        assertThat(read(store.iterate(prefix), Integer.MAX_VALUE))
            .as("seed %d step %d: iterate(%s)", seed, step, hex(prefix))
            .containsExactlyElementsOf(expected(prefix, null, Integer.MAX_VALUE));
      } else if (dice < 82) {
        byte[] prefix = key(1);
        byte[] after = random.nextBoolean() ? key(4) : null;
        int limit = 1 + random.nextInt(20);
        assertThat(read(store.iterate(prefix, after), limit))
            .as("seed %d step %d: iterate(%s, %s)", seed, step, hex(prefix), hex(after))
            .containsExactlyElementsOf(expected(prefix, after, limit));
      } else if (dice < 97) {
        byte[] key = key(4);
        assertThat(store.get(key))
            .as("seed %d step %d: get(%s)", seed, step, hex(key))
            .isEqualTo(model.get(key));
        assertThat(store.has(key)).isEqualTo(model.containsKey(key));
      } else if (dice < 99) {
        store.compact();
      } else {
        store = reopen.apply(store);
      }
    }
    assertThat(read(store.iterate(new byte[0]), Integer.MAX_VALUE))
        .as("seed %d: final contents", seed)
        .containsExactlyElementsOf(expected(new byte[0], null, Integer.MAX_VALUE));
    return store;
  }

  private void batch(Datastore store) {
    List<Runnable> modelOps = new ArrayList<>();
    try (Batch batch = store.newBatch()) {
      int ops = 1 + random.nextInt(8);
      for (int i = 0; i < ops; i++) {
        int dice = random.nextInt(10);
        if (dice < 6) {
          byte[] key = key(4);
          byte[] value = value();
          batch.put(key, value);
          modelOps.add(() -> model.put(key, value));
        } else if (dice < 9) {
          byte[] key = key(4);
          batch.delete(key);
          modelOps.add(() -> model.remove(key));
        } else {
          byte[] prefix = key(2);
          batch.deletePrefix(prefix);
          modelOps.add(() -> deleteFromModel(prefix));
        }
      }
      if (random.nextInt(100) < 85) {
        batch.commit(random.nextBoolean());
        modelOps.forEach(Runnable::run);
      }
    }
  }

  private void deleteFromModel(byte[] prefix) {
    model.keySet().removeIf(key -> startsWith(key, prefix));
  }

  private List<String> expected(byte[] prefix, byte[] after, int limit) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> entry : model.entrySet()) {
      byte[] key = entry.getKey();
      boolean afterOk = after == null || Arrays.compareUnsigned(key, after) > 0;
      if (startsWith(key, prefix) && afterOk && out.size() < limit) {
        out.add(hex(key) + "=" + hex(entry.getValue()));
      }
    }
    return out;
  }

  private static List<String> read(Cursor cursor, int limit) {
    List<String> out = new ArrayList<>();
    try (cursor) {
      while (out.size() < limit && cursor.next()) {
        out.add(hex(cursor.key()) + "=" + hex(cursor.value()));
      }
    }
    return out;
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    if (key.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (key[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private byte[] key(int maxLength) {
    byte[] key = new byte[random.nextInt(maxLength + 1)];
    for (int i = 0; i < key.length; i++) {
      key[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return key;
  }

  private byte[] value() {
    byte[] value = new byte[random.nextInt(48)];
    random.nextBytes(value);
    return value;
  }

  private static String hex(byte[] bytes) {
    return bytes == null ? "null" : HexFormat.of().formatHex(bytes);
  }
}
