package io.ipfscluster.ipfs.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;

/**
 * The embedded node's own libp2p identity: an Ed25519 key kept in {@code identity.json} of the
 * node's repository, in kubo's config form ({@code {"PeerID": "12D3KooW…", "PrivKey": "<base64 of
 * the libp2p protobuf private key>"}}), created on first use.
 *
 * <p>Immutable and thread-safe.
 */
public final class NodeIdentity {
  static final String FILE = "identity.json";
  private static final byte[] PUBLIC_PREFIX = {0x08, 0x01, 0x12, 0x20};
  private static final byte[] PRIVATE_PREFIX = {0x08, 0x01, 0x12, 0x40};
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PeerId peerId;
  private final byte[] publicKey;

  private NodeIdentity(byte[] publicKey) {
    this.publicKey = publicKey;
    this.peerId = PeerId.fromEd25519PublicKey(publicKey);
  }

  /**
   * Loads the identity of the repository in {@code folder}, or creates and saves a new one.
   *
   * @throws UncheckedIOException if the file cannot be read or written
   * @throws IllegalStateException if the file is not a valid identity
   */
  static NodeIdentity loadOrCreate(Path folder) {
    Path file = folder.resolve(FILE);
    try {
      if (Files.exists(file)) {
        return load(file);
      }
      return create(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the node identity " + file, e);
    }
  }

  private static NodeIdentity load(Path file) throws IOException {
    JsonNode json = JSON.readTree(file.toFile());
    byte[] key;
    try {
      key = Base64.getDecoder().decode(json.path("PrivKey").asText(""));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(file + ": PrivKey is not base64", e);
    }
    if (key.length != 68 || !Arrays.equals(key, 0, 4, PRIVATE_PREFIX, 0, 4)) {
      throw new IllegalStateException(file + ": PrivKey is not a libp2p Ed25519 private key");
    }
    NodeIdentity identity = new NodeIdentity(Arrays.copyOfRange(key, 36, 68));
    String declared = json.path("PeerID").asText("");
    if (!declared.equals(identity.peerId.toString())) {
      throw new IllegalStateException(
          file + ": PeerID " + declared + " does not match the key's " + identity.peerId);
    }
    return identity;
  }

  private static NodeIdentity create(Path file) throws IOException {
    byte[] seed;
    byte[] pub;
    try {
      var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] pkcs8 = pair.getPrivate().getEncoded();
      byte[] x509 = pair.getPublic().getEncoded();
      seed = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
      pub = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot generate Ed25519 keys", e);
    }
    byte[] privateKey = new byte[68];
    System.arraycopy(PRIVATE_PREFIX, 0, privateKey, 0, 4);
    System.arraycopy(seed, 0, privateKey, 4, 32);
    System.arraycopy(pub, 0, privateKey, 36, 32);
    NodeIdentity identity = new NodeIdentity(pub);
    ObjectNode json = JSON.createObjectNode();
    json.put("PeerID", identity.peerId.toString());
    json.put("PrivKey", Base64.getEncoder().encodeToString(privateKey));
    Path temp = file.resolveSibling(FILE + ".tmp");
    Files.deleteIfExists(temp);
    try {
      Files.createFile(
          temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(temp);
    }
    Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    return identity;
  }

  /** The node's peer ID ({@code 12D3KooW…}). */
  public PeerId peerId() {
    return peerId;
  }

  /** The public key in its libp2p protobuf form, base64: the {@code PublicKey} of {@code id}. */
  public String publicKeyBase64() {
    byte[] proto = Arrays.copyOf(PUBLIC_PREFIX, 36);
    System.arraycopy(publicKey, 0, proto, 4, 32);
    return Base64.getEncoder().encodeToString(proto);
  }

  @Override
  public String toString() {
    return peerId.toString();
  }
}
