package io.ipfscluster.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ipfscluster.ipfs.embedded.MultipartReader;
import io.ipfscluster.ipfs.unixfs.ImportEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How the parts of a {@code POST /add} body become import entries, as boxo reads them. */
class MultipartEntriesTest {
  private static String part(String filename, String type, String body) {
    return "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
        + filename
        + "\"\r\nContent-Type: "
        + type
        + "\r\n\r\n"
        + body
        + "\r\n";
  }

  private static MultipartEntries entries(String... parts) {
    String body = String.join("", parts) + "--b--\r\n";
    return new MultipartEntries(
        new MultipartReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "b"));
  }

  @Test
  void next_readsDirectoriesFilesAndLinks_withQueryUnescapedCleanNames() throws IOException {
    MultipartEntries e =
        entries(
            part("dir", "application/x-directory", ""),
            part("dir%2Fa+b%2B.txt", "application/octet-stream", "content"),
            part("dir%2Flink", "application/symlink", "a b+.txt"),
            part("..%2F..%2Fescape", "text/plain", "x"),
            part("100%zz", "application/octet-stream", "not escaped"),
            part("old", "multipart/form-data", ""));

    assertThat(e.next()).isEqualTo(ImportEntry.directory("dir"));
    ImportEntry file = e.next();
    assertThat(file.path()).isEqualTo("dir/a b+.txt");
    assertThat(((ImportEntry.File) file).content().readAllBytes()).asString().isEqualTo("content");
    assertThat(e.next()).isEqualTo(ImportEntry.symlink("dir/link", "a b+.txt"));
    assertThat(e.next().path()).as("cleaned under /").isEqualTo("escape");
    assertThat(e.next().path()).as("kept as sent").isEqualTo("100%zz");
    assertThat(e.next()).isEqualTo(ImportEntry.directory("old"));
    assertThat(e.next()).isNull();
  }

  @Test
  void next_symlinkTargetTooLong_isRefused() throws IOException {
    MultipartEntries e = entries(part("l", "application/symlink", "x".repeat(70_000)));

    assertThatThrownBy(e::next).hasMessageContaining("symlink target of \"l\" is longer than");
  }

  @Test
  void boundary_ofOtherContentTypes_isGosMultipartReaderError() {
    assertThat(AddEndpoint.boundary("multipart/form-data; boundary=\"abc\"")).isEqualTo("abc");
    assertThat(AddEndpoint.boundary("Multipart/Mixed; boundary=x")).isEqualTo("x");
    assertThatThrownBy(() -> AddEndpoint.boundary("application/json"))
        .hasMessage("request Content-Type isn't multipart/form-data");
    assertThatThrownBy(() -> AddEndpoint.boundary(null))
        .hasMessage("request Content-Type isn't multipart/form-data");
    assertThatThrownBy(() -> AddEndpoint.boundary("multipart/form-data"))
        .hasMessage("no multipart boundary param in Content-Type");
  }
}
