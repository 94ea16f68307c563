package io.ipfscluster.cli.ctl;

import static io.ipfscluster.client.ApiFixtures.CID;
import static io.ipfscluster.client.ApiFixtures.CID2;
import static org.assertj.core.api.Assertions.assertThat;

import io.ipfscluster.api.QueryString;
import io.ipfscluster.cli.ctl.CtlRunner.Result;
import io.ipfscluster.client.ApiFixtures;
import io.ipfscluster.client.FakeApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code add}: the flags as AddParams, and the output modes. */
class CtlAddTest {
  private static final String FILE_ADDED =
      "{\"name\":\"f.txt\",\"cid\":\"" + CID + "\",\"size\":13}";
  private static final String DIR_ADDED = "{\"name\":\"\",\"cid\":\"" + CID2 + "\",\"size\":70}";

  @TempDir Path dir;
  private FakeApi api;
  private CtlRunner ctl;
  private Path file;

  @BeforeEach
  void start() throws Exception {
    api = FakeApi.start();
    ctl = new CtlRunner(api);
    api.stream("POST", "/add", FILE_ADDED, DIR_ADDED);
    file = Files.writeString(dir.resolve("f.txt"), "hello, world\n");
  }

  @AfterEach
  void stop() throws Exception {
    api.close();
  }

  private Map<String, List<String>> query() {
    String t = api.requests().get(0).target();
    return QueryString.parse(t.substring(t.indexOf('?') + 1));
  }

  @Test
  void add_printsEachAddedNode() {
    Result r = ctl.run("add", file.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("added " + CID + " f.txt\nadded " + CID2 + " \n");
    Map<String, List<String>> q = query();
    assertThat(q.get("wrap-with-directory")).containsExactly("false");
    assertThat(q.get("stream-channels")).containsExactly("true");
    assertThat(q.get("shard-size")).containsExactly("104857600");
    assertThat(q.get("cid-version")).containsExactly("0");
    assertThat(q.get("raw-leaves")).containsExactly("false");
    assertThat(q.get("chunker")).containsExactly("size-262144");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void severalPaths_wrapInADirectory() {
    ctl.run("add", file.toString(), file.toString());

    assertThat(query().get("wrap-with-directory")).containsExactly("true");
  }

  @Test
  void quiet_printsCids_quieter_onlyTheLast() {
    assertThat(ctl.run("add", "-q", file.toString()).out()).isEqualTo(CID + "\n" + CID2 + "\n");
    assertThat(ctl.run("add", "-Q", file.toString()).out()).isEqualTo(CID2 + "\n");
  }

  @Test
  void noStream_json_printsOneArray() {
    Result r = ctl.run("--enc=json", "add", "--no-stream", file.toString());

    assertThat(r.out())
        .isEqualTo(
            "[\n    {\n        \"name\": \"f.txt\",\n        \"cid\": \""
                + CID
                + "\",\n        \"size\": 13\n    },\n    {\n        \"name\": \"\",\n"
                + "        \"cid\": \""
                + CID2
                + "\",\n        \"size\": 70\n    }\n]\n");
    assertThat(ctl.run("--enc=json", "add", "--no-stream", "-Q", file.toString()).out())
        .isEqualTo(
            "[\n    {\n        \"name\": \"\",\n        \"cid\": \""
                + CID2
                + "\",\n        \"size\": 70\n    }\n]\n");
  }

  @Test
  void json_streams_oneObjectPerNode() {
    Result r = ctl.run("--enc=json", "add", file.toString());

    assertThat(r.out())
        .startsWith("{\n    \"name\": \"f.txt\",\n")
        .contains("}\n{\n    \"name\": \"\",\n");
  }

  @Test
  void nonDefaultHash_impliesCidV1AndRawLeaves() {
    ctl.run("add", "--hash", "sha3-512", "--layout", "trickle", "-s", "size-1024", file.toString());

    Map<String, List<String>> q = query();
    assertThat(q.get("hash")).containsExactly("sha3-512");
    assertThat(q.get("cid-version")).containsExactly("1");
    assertThat(q.get("raw-leaves")).containsExactly("true");
    assertThat(q.get("layout")).containsExactly("trickle");
    assertThat(q.get("chunker")).containsExactly("size-1024");
  }

  @Test
  void pinOptions_andFlags_areSent() {
    ctl.run(
        "add",
        "--local",
        "--no-pin",
        "-n",
        "named",
        "--rmin",
        "1",
        "--rmax",
        "3",
        "--metadata",
        "kind=text",
        "--allocations",
        ApiFixtures.P7 + ",bogus",
        file.toString());

    Map<String, List<String>> q = query();
    assertThat(q.get("local")).containsExactly("true");
    assertThat(q.get("no-pin")).containsExactly("true");
    assertThat(q.get("name")).containsExactly("named");
    assertThat(q.get("replication-min")).containsExactly("1");
    assertThat(q.get("replication-max")).containsExactly("3");
    assertThat(q.get("meta-kind")).containsExactly("text");
    assertThat(q.get("user-allocations")).containsExactly(ApiFixtures.P7);
  }

  @Test
  void carWithWrap_isRejected() {
    Result r = ctl.run("add", "--format", "car", file.toString(), file.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "error : only a single CAR file can be added and wrap-with-directory is not"
                + " supported\n");
  }

  @Test
  void noPath_andDirectoryWithoutRecursive_areLocalErrors() throws Exception {
    assertThat(ctl.run("add").err()).isEqualTo("error : need at least one path\n");
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Result r = ctl.run("add", sub.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo("error : " + sub + " is a directory, but Recursive option is not set\n");
    assertThat(ctl.run("add", dir.resolve("none").toString()).err())
        .isEqualTo("error : lstat " + dir.resolve("none") + ": no such file or directory\n");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void wait_waitsForThePinWithItsReplication() {
    api.json("GET", "/allocations/" + CID2, ApiFixtures.PIN);
    api.json(
        "GET",
        "/pins/" + CID2,
        ApiFixtures.ids("{\"cid\":\"CID2\",\"peer_map\":{\"P7\":{\"status\":\"pinned\"}}}"));

    Result r = ctl.run("add", "--wait", file.toString());

    assertThat(r.code()).isZero();
    assertThat(api.requests())
        .extracting(FakeApi.Recorded::method)
        .containsExactly("POST", "GET", "GET");
    assertThat(api.last().target()).isEqualTo("/pins/" + CID2 + "?local=false");
  }

  @Test
  void errorAtTheEnd_printsWhatWasAdded_thenTheError() {
    api.on("POST", "/add", c -> c.stream(List.of(FILE_ADDED), "blockstore full"));

    Result r = ctl.run("add", "--no-stream", file.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out())
        .isEqualTo(
            "added "
                + CID
                + " f.txt\nAn error occurred:\n  Code: 500\n  Message: blockstore full\n");
  }

  @Test
  void onATerminal_showsAProgressBar_unlessQuiet() {
    ctl.errTerminal = true;

    assertThat(ctl.run("add", file.toString()).err()).contains("100% 13 B / 13 B");
    assertThat(ctl.run("add", "-q", file.toString()).err()).isEmpty();
  }

  @Test
  void bar_drawsTheShare() {
    assertThat(AddCommand.bar(5_000_000, 10_000_000))
        .isEqualTo("[===============>               ]  50% 5.0 MB / 10 MB");
    assertThat(AddCommand.bar(123, -1)).isEqualTo("adding: 123 B");
  }
}
