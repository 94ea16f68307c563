package io.ipfscluster.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.api.AddParams;
import io.ipfscluster.api.AddedOutput;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /add}: the multipart body as the original's client writes it, and the answer. */
class ClientAddTest {
  private static final String ADDED =
      ApiFixtures.ids("{\"name\":\"x\",\"cid\":\"CID\",\"size\":13}");

  @TempDir Path dir;
  private FakeApi api;
  private ClusterClient client;

  @BeforeEach
  void start() throws Exception {
    api = FakeApi.start();
    api.stream("POST", "/add", ADDED);
    client = new ClusterClient(ClientConfig.defaults().withHosts(List.of(api.addr())));
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  private String boundary() {
    String type = api.last().header("Content-Type");
    Matcher m = Pattern.compile("multipart/form-data; boundary=([0-9a-f]{60})").matcher(type);
    assertThat(m.matches()).as(type).isTrue();
    return m.group(1);
  }

  @Test
  void addEntries_oneFile_writesTheExactBody_andReadsTheStream() {
    AtomicLong sent = new AtomicLong();

    List<AddedOutput> out =
        client
            .addEntries(
                List.of(AddEntry.file("x", "hello".getBytes(StandardCharsets.UTF_8))),
                AddParams.defaults(),
                sent::set)
            .toList();

    assertThat(out).extracting(o -> o.cid().toString()).containsExactly(ApiFixtures.CID);
    String b = boundary();
    assertThat(api.last().bodyText())
        .isEqualTo(
            "--"
                + b
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\nhello\r\n--"
                + b
                + "--\r\n");
    assertThat(api.last().header("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(sent).hasValue(5);
  }

  @Test
  void add_sendsEveryParameter_withStreamChannels() {
    AddParams p =
        new AddParams(
            io.ipfscluster.api.PinOptions.defaults().withShardSize(AddParams.DEFAULT_SHARD_SIZE),
            true,
            false,
            false,
            true,
            false,
            false,
            "unixfs",
            true,
            "trickle",
            "size-1024",
            true,
            false,
            1,
            "sha2-256",
            false);

    client.addEntries(List.of(AddEntry.file("x", new byte[0])), p, null).toList();

    assertThat(api.last().target())
        .startsWith("/add?")
        .contains("stream-channels=true")
        .contains("local=true")
        .contains("wrap-with-directory=true")
        .contains("no-pin=true")
        .contains("layout=trickle")
        .contains("chunker=size-1024")
        .contains("cid-version=1")
        .contains("shard-size=104857600");
  }

  @Test
  void add_directory_sendsEveryPart_depthFirst_skippingHiddenNames() throws Exception {
    Path root = Files.createDirectory(dir.resolve("folder"));
    Files.writeString(root.resolve("a.txt"), "abc");
    Files.writeString(root.resolve(".hidden"), "h");
    Path sub = Files.createDirectory(root.resolve("sub"));
    Files.writeString(sub.resolve("b b"), "0123456789");
    for (Path p : List.of(root, sub)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.setPosixFilePermissions(
        root.resolve("a.txt"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.setLastModifiedTime(
        root.resolve("a.txt"), FileTime.from(Instant.parse("2024-05-06T10:11:12.5Z")));
    AtomicLong sent = new AtomicLong();

    client.add(List.of(root.toString()), params(true, false), sent::set).toList();

    List<String> parts = parts(api.last().bodyText(), boundary());
    assertThat(parts).hasSize(4);
    assertThat(parts.get(0))
        .contains("filename=\"folder\"")
        .contains("name=\"file?mode=020000000755&mtime=")
        .contains("Content-Type: application/x-directory");
    assertThat(parts.get(1))
        .startsWith(
            "Abspath-Encoded: "
                + io.ipfscluster.api.QueryString.escape(root.resolve("a.txt").toString())
                + "\r\n")
        .contains(
            "Content-Disposition: form-data;"
                + " name=\"file?mode=0644&mtime=1714990272&mtime-nsecs=500000000\";"
                + " filename=\"folder%2Fa.txt\"\r\n")
        .endsWith("Content-Type: application/octet-stream\r\n\r\nabc");
    assertThat(parts.get(2)).contains("filename=\"folder%2Fsub\"");
    assertThat(parts.get(3)).contains("filename=\"folder%2Fsub%2Fb+b\"").endsWith("0123456789");
    assertThat(sent).hasValue(13);
    assertThat(AddEntry.totalSize(List.of(AddEntry.fromPath(root, true, false)))).isEqualTo(13);
  }

  @Test
  void add_hidden_includesDotFiles() throws Exception {
    Path root = Files.createDirectory(dir.resolve("folder"));
    Files.writeString(root.resolve(".hidden"), "h");

    client.add(List.of(root.toString()), params(true, true), null).toList();

    assertThat(parts(api.last().bodyText(), boundary())).hasSize(2);
  }

  @Test
  void add_symlink_isSentAsLink() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("target/file"));

    client.add(List.of(link.toString()), AddParams.defaults(), null).toList();

    assertThat(parts(api.last().bodyText(), boundary()).get(0))
        .contains("filename=\"link\"")
        .contains("Content-Type: application/symlink\r\n\r\ntarget/file");
  }

  @Test
  void add_directoryWithoutRecursive_isRejected() throws Exception {
    Path root = Files.createDirectory(dir.resolve("folder"));

    assertThatThrownBy(() -> client.add(List.of(root.toString()), AddParams.defaults(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(root + " is a directory, but Recursive option is not set");
  }

  @Test
  void add_missingPath_saysLstat() {
    Path missing = dir.resolve("missing");

    assertThatThrownBy(() -> client.add(List.of(missing.toString()), AddParams.defaults(), null))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessage("lstat " + missing + ": no such file or directory");
  }

  @Test
  void add_noCopyWithLocalPath_isRejected() {
    AddParams p =
        new AddParams(
            null, false, false, false, false, false, true, "unixfs", false, "", null, false, false,
            0, null, true);

    assertThatThrownBy(() -> client.add(List.of("file"), p, null))
        .hasMessage("nocopy option is only valid for URLs");
  }

  @Test
  void add_url_downloadsAndSendsIt() throws Exception {
    api.on("GET", "/files/data.bin", c -> c.body(200, "application/octet-stream", "web-data"));
    String url = "http://127.0.0.1:" + api.port() + "/files/data.bin";

    client.add(List.of(url), AddParams.defaults(), null).toList();

    String part = parts(api.last().bodyText(), boundary()).get(0);
    assertThat(part)
        .startsWith("Abspath-Encoded: " + io.ipfscluster.api.QueryString.escape(url))
        .contains("filename=\"data.bin\"")
        .endsWith("\r\n\r\nweb-data");
  }

  @Test
  void add_fromStream_cannotFailOverButWorks() {
    var entry =
        AddEntry.file("s", new ByteArrayInputStream("streamed".getBytes(StandardCharsets.UTF_8)));

    client.addEntries(List.of(entry), AddParams.defaults(), null).toList();

    assertThat(entry.replayable()).isFalse();
    assertThat(parts(api.last().bodyText(), boundary()).get(0)).endsWith("streamed");
  }

  @Test
  void add_unreadableFile_isALocalError() throws Exception {
    Path f = Files.writeString(dir.resolve("secret"), "x");
    AddEntry entry = AddEntry.fromPath(f, false, false);
    Files.delete(f);

    assertThatThrownBy(() -> client.addEntries(List.of(entry), AddParams.defaults(), null).toList())
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("open secret: ");
  }

  private static AddParams params(boolean recursive, boolean hidden) {
    return new AddParams(
        null, false, recursive, hidden, false, false, true, "unixfs", false, "", null, false, false,
        0, null, false);
  }

  /** The parts of a multipart body, each without its delimiter lines. */
  private static List<String> parts(String body, String boundary) {
    String delimiter = "--" + boundary;
    assertThat(body).startsWith(delimiter + "\r\n").endsWith("\r\n" + delimiter + "--\r\n");
    String inner = body.substring(delimiter.length() + 2, body.length() - delimiter.length() - 6);
    List<String> out = new ArrayList<>();
    for (String p : inner.split(Pattern.quote("\r\n" + delimiter + "\r\n"), -1)) {
      out.add(p);
    }
    return out;
  }
}
