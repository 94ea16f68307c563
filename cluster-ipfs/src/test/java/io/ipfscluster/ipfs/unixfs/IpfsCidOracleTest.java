package io.ipfscluster.ipfs.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.ipfs.ipld.BlockSink;
import io.ipfscluster.multiformats.HashFunction;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code vectors/cid-conversions.tsv}: for each of its 28 inputs (empty to 45 MiB), the default
 * import must give the CIDv0 that Debian's Rust {@code ipfs_cid} and js-ipfs agree on, and the
 * CIDv1 imports (with and without raw leaves) the js-ipfs ones.
 */
class IpfsCidOracleTest {

  static Stream<Named<Vectors.Row>> rows() {
    return Vectors.read("cid-conversions.tsv").stream().map(r -> Named.of(r.get("input_id"), r));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void defaultAndCidV1Imports_matchIpfsCidAndJsIpfs(Vectors.Row row) throws IOException {
    String input = row.get("input_id");
    ImportOptions v0 = ImportOptions.defaults();
    ImportOptions v1 = v0.withCid(1, HashFunction.SHA2_256);

    assertThat(row.get("agree")).isEqualTo("yes");
    assertThat(cid(input, v0)).isEqualTo(row.get("ipfs_cid_v0"));
    assertThat(cid(input, v1.withRawLeaves(false))).isEqualTo(row.get("js_v1_dagpb_base32"));
    assertThat(cid(input, v1.withRawLeaves(true))).isEqualTo(row.get("js_v1_base32"));
  }

  private static String cid(String input, ImportOptions options) throws IOException {
    return UnixfsImporter.importAll(
            options,
            BlockSink.discard(),
            o -> {},
            List.of(ImportEntry.file(input, OracleInputs.stream(input))))
        .cid()
        .toString();
  }
}
