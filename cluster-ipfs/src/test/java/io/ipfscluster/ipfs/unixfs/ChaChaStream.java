package io.ipfscluster.ipfs.unixfs;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * kubo's deterministic test data ({@code test/cli/testutils/random_deterministic.go}): the ChaCha20
 * key stream with key = sha256(seed), a zero 12-byte nonce and counter 0, cut to {@code size}
 * bytes. Generated as it is read.
 */
final class ChaChaStream extends InputStream {
  private final Cipher cipher;
  private long remaining;
  private byte[] zeros = new byte[0];

  ChaChaStream(long size, String seed) {
    try {
      byte[] key = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(UTF_8));
      cipher = Cipher.getInstance("ChaCha20");
      cipher.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(key, "ChaCha20"),
          new ChaCha20ParameterSpec(new byte[12], 0));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
    this.remaining = size;
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (remaining <= 0) {
      return -1;
    }
    int n = (int) Math.min(len, remaining);
    if (zeros.length < n) {
      zeros = new byte[n];
    }
    try {
      int produced = cipher.update(zeros, 0, n, b, off);
      if (produced != n) {
        throw new AssertionError("ChaCha20 produced " + produced + " of " + n + " bytes");
      }
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
    remaining -= n;
    return n;
  }
}
