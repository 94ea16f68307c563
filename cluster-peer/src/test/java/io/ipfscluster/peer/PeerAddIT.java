package io.ipfscluster.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ipfscluster.api.AddParams;
import io.ipfscluster.api.AddedOutput;
import io.ipfscluster.api.QueryString;
import io.ipfscluster.api.TrackerStatus;
import io.ipfscluster.client.AddEntry;
import io.ipfscluster.client.ClientConfig;
import io.ipfscluster.client.ClusterClient;
import io.ipfscluster.config.ServiceConfig;
import io.ipfscluster.identity.Identity;
import io.ipfscluster.identity.IdentityFile;
import io.ipfscluster.ipfs.ipld.BlockSink;
import io.ipfscluster.ipfs.unixfs.ImportEntry;
import io.ipfscluster.ipfs.unixfs.ImportOptions;
import io.ipfscluster.ipfs.unixfs.UnixfsImporter;
import io.ipfscluster.multiformats.Cid;
import io.ipfscluster.multiformats.Multiaddr;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /add} on a whole peer: REST API, importer, blocks streamed to the embedded IPFS node,
 * the cluster pin and the tracker pinning it there.
 */
@Timeout(120)
class PeerAddIT {
  @TempDir static Path dir;
  static ClusterPeer peer;
  static ClusterClient client;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    ServiceConfig.defaults("crdt").write(dir.resolve(ServiceConfig.FILE_NAME));
    IdentityFile.write(dir.resolve(IdentityFile.NAME), Identity.generate());
    peer =
        ClusterPeer.start(
            dir,
            Map.of(
                "CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS",
                "/ip4/127.0.0.1/tcp/0",
                "CLUSTER_LISTENMULTIADDRESS",
                "/ip4/127.0.0.1/tcp/0",
                "CLUSTER_IPFSHTTP_NODEMULTIADDRESS",
                "/ip4/127.0.0.1/tcp/" + freePort()));
    Multiaddr api = peer.restAddresses().get(0);
    port = Integer.parseInt(api.toString().substring(api.toString().lastIndexOf('/') + 1));
    client = new ClusterClient(ClientConfig.defaults().withHosts(List.of(api)));
  }

  @AfterAll
  static void stop() {
    if (peer != null) {
      peer.close();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** The CID the importer gives {@code data} added as {@code name} with {@code query}. */
  static Cid expected(String name, byte[] data, String query) throws IOException {
    ImportOptions options =
        ImportOptions.fromAddParams(AddParams.fromQuery(QueryString.parse(query)));
    return UnixfsImporter.importAll(
            options,
            BlockSink.discard(),
            o -> {},
            List.of(ImportEntry.file(name, new ByteArrayInputStream(data))))
        .cid();
  }

  static AddParams params(String query) {
    return AddParams.fromQuery(QueryString.parse(query));
  }

  @Test
  void add_file_streamsOutputs_rootIsPinnedInIpfs() throws Exception {
    byte[] data = random(3_000_000, 1);

    List<AddedOutput> out =
        client
            .addEntries(
                List.of(AddEntry.file("f.bin", data)), params("progress=true&name=three"), null)
            .toList();

    Cid root = out.get(out.size() - 1).cid();
    assertThat(root).isEqualTo(expected("f.bin", data, ""));
    assertThat(out.stream().filter(o -> o.cid() == null).mapToLong(AddedOutput::bytes).max())
        .hasValue(data.length);
    assertThat(out.get(out.size() - 1).allocations()).containsExactly(peer.id());
    assertThat(client.allocation(root).options().name()).isEqualTo("three");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.status(root, false).peerMap().get(peer.id()).status()
                    == TrackerStatus.PINNED);
  }

  @Test
  void add_directoryWithSymlink_wrapped_cidVersion1() throws Exception {
    AddEntry tree =
        AddEntry.directory(
            "d",
            List.of(
                AddEntry.file("a b.txt", "alpha".getBytes(StandardCharsets.UTF_8)),
                new AddEntry.Symlink("link", "a b.txt", 0, null),
                AddEntry.directory("empty", List.of())));

    List<AddedOutput> out =
        client
            .addEntries(List.of(tree), params("wrap-with-directory=true&cid-version=1"), null)
            .toList();

    assertThat(out)
        .extracting(AddedOutput::name)
        .containsExactly("d/a b.txt", "d/link", "d/empty", "d", "");
    Cid root = out.get(out.size() - 1).cid();
    assertThat(root.version()).isEqualTo(1);
    List<ImportEntry> same =
        List.of(
            ImportEntry.directory("d"),
            ImportEntry.file(
                "d/a b.txt", new ByteArrayInputStream("alpha".getBytes(StandardCharsets.UTF_8))),
            ImportEntry.symlink("d/link", "a b.txt"),
            ImportEntry.directory("d/empty"));
    assertThat(root)
        .isEqualTo(
            UnixfsImporter.importAll(
                    ImportOptions.fromAddParams(params("wrap-with-directory=true&cid-version=1")),
                    BlockSink.discard(),
                    o -> {},
                    same)
                .cid());
  }

  @Test
  void add_noPin_leavesThePinsetAlone() throws Exception {
    byte[] data = random(1000, 2);

    List<AddedOutput> out =
        client.addEntries(List.of(AddEntry.file("np", data)), params("no-pin=true"), null).toList();

    Cid root = out.get(0).cid();
    assertThatThrownBy(() -> client.allocation(root)).hasMessage("pin is not part of the pinset");
  }

  @Test
  void add_notMultipart_is400() throws Exception {
    String answer =
        raw(
            "POST /add HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi");

    assertThat(answer)
        .startsWith("HTTP/1.1 400 ")
        .endsWith(
            "{\"code\":400,\"message\":\"request Content-Type isn't multipart/form-data\"}\n");
  }

  @Test
  void add_badParameter_is400() throws Exception {
    String answer =
        raw(
            "POST /add?layout=zigzag HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 6\r\n\r\n--b--\r\n");

    assertThat(answer)
        .startsWith("HTTP/1.1 400 ")
        .contains("\"message\":\"layout parameter is invalid\"");
  }

  @Test
  void add_shard_is400SayingItIsNotSupported() throws Exception {
    String answer =
        raw(
            "POST /add?shard=true HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 6\r\n\r\n--b--\r\n");

    assertThat(answer).startsWith("HTTP/1.1 400 ").contains("sharding is not supported yet");
  }

  @Test
  void add_bodyCutShort_streamsTheErrorInTheTrailer() throws Exception {
    String body =
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\nsome data but no closing boundary";

    String answer =
        raw(
            "POST /add HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                + "Content-Length: "
                + body.length()
                + "\r\n\r\n"
                + body);

    assertThat(answer)
        .startsWith("HTTP/1.1 200 ")
        .contains("X-Chunked-Output: 1\r\n")
        .contains("Trailer: X-Stream-Error\r\n")
        .contains("Cache-Control: no-cache\r\n")
        .contains("X-Stream-Error: the multipart body ends inside a part");
  }

  @Test
  void add_streamChannelsFalse_answersOneArray_or500() throws Exception {
    String part =
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dir%2Fa+b\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\nhello\r\n--b--\r\n";
    String ok =
        raw(
            "POST /add?stream-channels=false HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: "
                + part.length()
                + "\r\n\r\n"
                + part);
    String cut = part.substring(0, part.length() - 8);
    String failed =
        raw(
            "POST /add?stream-channels=false HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: "
                + cut.length()
                + "\r\n\r\n"
                + cut);

    assertThat(ok)
        .startsWith("HTTP/1.1 200 ")
        .doesNotContain("Trailer")
        .contains("[{\"name\":\"dir/a b\",\"cid\":\"")
        .contains("{\"name\":\"dir\",\"cid\":\"");
    assertThat(failed)
        .startsWith("HTTP/1.1 500 ")
        .contains("{\"code\":500,\"message\":\"the multipart body ends");
  }

  /** Sends {@code request} with {@code Connection: close} and reads the whole answer. */
  static String raw(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      String closing = request.replaceFirst("\r\n", "\r\nConnection: close\r\n");
      out.write(closing.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
