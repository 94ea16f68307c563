package io.ipfscluster.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ipfscluster.rest.SelfSignedCert;
import java.nio.file.Path;

/** Turns on TLS for a test peer's REST API, with a fresh self-signed certificate. */
final class SharnessTls {
  private SharnessTls() {}

  /**
   * Writes {@code cert.pem} and {@code key.pem} into {@code dir} and names them in {@code config}.
   */
  static void enable(Path dir, ObjectNode config) throws Exception {
    new SelfSignedCert(SelfSignedCert.KeyForm.PKCS8_RSA).write(dir);
    ObjectNode rest = (ObjectNode) config.at("/api/restapi");
    rest.put("ssl_cert_file", "cert.pem");
    rest.put("ssl_key_file", "key.pem");
  }
}
