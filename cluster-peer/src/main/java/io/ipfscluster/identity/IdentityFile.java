package io.ipfscluster.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;

/**
 * Reads and writes {@code identity.json} in the original's format:
 *
 * <pre>
 * {
 *     "id": "12D3KooW…",
 *     "private_key": "&lt;base64 of the libp2p protobuf private key&gt;"
 * }
 * </pre>
 *
 * The environment variables {@code CLUSTER_ID} and {@code CLUSTER_PRIVATEKEY} override the file.
 * Loading checks that the ID belongs to the key. Thread-safe: stateless.
 */
public final class IdentityFile {
  /** The file name in the configuration folder. */
  public static final String NAME = "identity.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private IdentityFile() {}

  /**
   * Loads the identity from {@code file}, with the environment's overrides.
   *
   * @throws InvalidIdentityException naming the file when it is missing, malformed, or its ID does
   *     not match its key
   */
  public static Identity load(Path file, Map<String, String> env) {
    String id;
    String key;
    try {
      JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      if (root == null || !root.isObject()) {
        throw new InvalidIdentityException(file + ": expected a JSON object");
      }
      id = root.path("id").asText("");
      key = root.path("private_key").asText("");
    } catch (JsonProcessingException e) {
      throw new InvalidIdentityException(file + ": malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidIdentityException("cannot read " + file + ": " + e, e);
    }
    id = env.getOrDefault("CLUSTER_ID", id);
    key = env.getOrDefault("CLUSTER_PRIVATEKEY", key);
    return decode(file.toString(), id, key);
  }

  /**
   * Moves a legacy identity into {@code identity.json}: configurations of old versions of the
   * original kept {@code cluster.id} and {@code cluster.private_key} in {@code service.json}. When
   * {@code identity.json} is missing and {@code serviceJson} has both keys, writes them to a new
   * {@code identity.json} (after checking they match) and returns true; otherwise does nothing.
   */
  public static boolean migrateLegacy(Path serviceJson, Path identityJson) throws IOException {
    if (Files.exists(identityJson) || !Files.exists(serviceJson)) {
      return false;
    }
    JsonNode cluster;
    try {
      cluster =
          JSON.readTree(Files.readString(serviceJson, StandardCharsets.UTF_8)).path("cluster");
    } catch (JsonProcessingException e) {
      return false; // the configuration loader reports malformed JSON with its own message
    }
    String id = cluster.path("id").asText("");
    String key = cluster.path("private_key").asText("");
    if (id.isEmpty() || key.isEmpty()) {
      return false;
    }
    write(identityJson, decode(serviceJson + " (legacy cluster.id)", id, key));
    return true;
  }

  /** Builds an identity from the two fields of the file, checking that they match. */
  public static Identity decode(String source, String id, String privateKey) {
    if (privateKey.isEmpty()) {
      throw new InvalidIdentityException(source + ": private_key is missing");
    }
    Identity identity;
    try {
      identity = Identity.fromPrivateKeyProtobuf(Base64.getDecoder().decode(privateKey));
    } catch (IllegalArgumentException e) {
      throw new InvalidIdentityException(source + ": private_key is invalid: " + e.getMessage(), e);
    }
    if (id.isEmpty()) {
      throw new InvalidIdentityException(source + ": id is missing");
    }
    PeerId declared;
    try {
      declared = PeerId.parse(id);
    } catch (IllegalArgumentException e) {
      throw new InvalidIdentityException(source + ": id is invalid: " + e.getMessage(), e);
    }
    if (!declared.equals(identity.peerId())) {
      throw new InvalidIdentityException(
          source
              + ": id "
              + declared
              + " does not match the private key, whose peer ID is "
              + identity.peerId());
    }
    return identity;
  }

  /** The file's content for {@code identity}, indented with four spaces as the original does. */
  public static String toJson(Identity identity) {
    return "{\n    \"id\": \""
        + identity.peerId()
        + "\",\n    \"private_key\": \""
        + Base64.getEncoder().encodeToString(identity.toPrivateKeyProtobuf())
        + "\"\n}";
  }

  /** Writes {@code identity} to {@code file} atomically, readable by its owner only. */
  public static void write(Path file, Identity identity) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".identity", ".tmp");
    try {
      setOwnerOnly(tmp);
      Files.writeString(tmp, toJson(identity), StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static void setOwnerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: nothing finer than the folder's permissions to rely on.
    }
  }
}
