package io.ipfscluster.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityFileTest {
  @TempDir Path dir;

  @Test
  void writeThenLoad_givesSameIdentity_ownerOnlyFile() throws Exception {
    Identity id = Identity.generate();
    Path file = dir.resolve(IdentityFile.NAME);

    IdentityFile.write(file, id);

    assertThat(IdentityFile.load(file, Map.of()).peerId()).isEqualTo(id.peerId());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file))
        .startsWith("{\n    \"id\": \"" + id.peerId() + "\",\n    \"private_key\": \"CAESQ");
  }

  @Test
  void load_idOfAnotherKey_isRejectedNamingBothIds() throws Exception {
    Identity a = Identity.generate();
    Identity b = Identity.generate();
    Path file = dir.resolve(IdentityFile.NAME);
    Files.writeString(
        file, IdentityFile.toJson(a).replace(a.peerId().toString(), b.peerId().toString()));

    assertThatThrownBy(() -> IdentityFile.load(file, Map.of()))
        .isInstanceOf(InvalidIdentityException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("id " + b.peerId() + " does not match the private key")
        .hasMessageContaining(a.peerId().toString());
  }

  @Test
  void load_environmentOverridesTheFile() throws Exception {
    Identity inFile = Identity.generate();
    Identity inEnv = Identity.generate();
    Path file = dir.resolve(IdentityFile.NAME);
    IdentityFile.write(file, inFile);
    String envJson = IdentityFile.toJson(inEnv);
    String key =
        envJson.substring(envJson.indexOf("\"private_key\": \"") + 16, envJson.lastIndexOf('"'));

    Identity loaded =
        IdentityFile.load(
            file, Map.of("CLUSTER_ID", inEnv.peerId().toString(), "CLUSTER_PRIVATEKEY", key));

    assertThat(loaded.peerId()).isEqualTo(inEnv.peerId());
  }

  @Test
  void load_malformedJson_namesTheFile() throws Exception {
    Path file = dir.resolve(IdentityFile.NAME);
    Files.writeString(file, "{\"id\": ");

    assertThatThrownBy(() -> IdentityFile.load(file, Map.of()))
        .isInstanceOf(InvalidIdentityException.class)
        .hasMessageContaining(file + ": malformed JSON");
  }

  @Test
  void load_badBase64Key_isRejected() throws Exception {
    Path file = dir.resolve(IdentityFile.NAME);
    Files.writeString(file, "{\"id\": \"12D3KooWx\", \"private_key\": \"!!!\"}");

    assertThatThrownBy(() -> IdentityFile.load(file, Map.of()))
        .hasMessageContaining("private_key is invalid");
  }

  @Test
  void migrateLegacy_identityInServiceJson_movesToIdentityJson() throws Exception {
    Identity id = Identity.generate();
    String json = IdentityFile.toJson(id);
    String key = json.substring(json.indexOf("\"private_key\": \"") + 16, json.lastIndexOf('"'));
    Path service = dir.resolve("service.json");
    Files.writeString(
        service,
        "{\"cluster\": {\"id\": \"" + id.peerId() + "\", \"private_key\": \"" + key + "\"}}");
    Path identity = dir.resolve(IdentityFile.NAME);

    assertThat(IdentityFile.migrateLegacy(service, identity)).isTrue();

    assertThat(IdentityFile.load(identity, Map.of()).peerId()).isEqualTo(id.peerId());
    assertThat(IdentityFile.migrateLegacy(service, identity)).isFalse();
  }

  @Test
  void migrateLegacy_modernServiceJson_doesNothing() throws Exception {
    Path service = dir.resolve("service.json");
    Files.writeString(service, "{\"cluster\": {\"peername\": \"x\"}}");

    assertThat(IdentityFile.migrateLegacy(service, dir.resolve(IdentityFile.NAME))).isFalse();
    assertThat(dir.resolve(IdentityFile.NAME)).doesNotExist();
  }
}
