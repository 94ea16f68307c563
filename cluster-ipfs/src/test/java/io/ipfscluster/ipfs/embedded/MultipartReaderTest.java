package io.ipfscluster.ipfs.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {
  private static final String BOUNDARY = "xYzZY";

  private static byte[] body(String... partsAndData) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("preamble to ignore\r\n".getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < partsAndData.length; i += 2) {
      out.writeBytes(
          ("--"
                  + BOUNDARY
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                  + partsAndData[i]
                  + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.writeBytes(partsAndData[i + 1].getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** A stream that hands out at most {@code max} bytes per read, as a network does. */
  private static InputStream trickle(byte[] data, int max) {
    return new ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, max));
      }
    };
  }

  private static String read(InputStream in, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[chunk];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void next_readsEveryPartWithItsNameAndBody() throws Exception {
    MultipartReader reader =
        new MultipartReader(
            new ByteArrayInputStream(body("dir%2Fa.txt", "alpha", "b.txt", "beta")), BOUNDARY);

    MultipartReader.Part a = reader.next();
    assertThat(a.fileName()).isEqualTo("dir/a.txt");
    assertThat(a.fieldName()).isEqualTo("file");
    assertThat(a.contentType()).isEqualTo("application/octet-stream");
    assertThat(read(a.body(), 100)).isEqualTo("alpha");
    MultipartReader.Part b = reader.next();
    assertThat(read(b.body(), 100)).isEqualTo("beta");
    assertThat(reader.next()).isNull();
  }

  @Test
  void body_withDelimiterLookalikesAndOneByteReads_isExact() throws Exception {
    String tricky = "line\r\n--xYz not the boundary\r\n-\r\n--xYzZ\r\nend";
    MultipartReader reader = new MultipartReader(trickle(body("t", tricky, "u", ""), 1), BOUNDARY);

    assertThat(read(reader.next().body(), 3)).isEqualTo(tricky);
    assertThat(read(reader.next().body(), 3)).isEmpty();
    assertThat(reader.next()).isNull();
  }

  @Test
  void largeRandomPart_survivesOddReadSizes() throws Exception {
    byte[] data = new byte[300_000];
    new Random(3).nextBytes(data);
    String text = new String(data, StandardCharsets.ISO_8859_1);
    MultipartReader reader =
        new MultipartReader(trickle(body("r", text, "s", "tail"), 7919), BOUNDARY);

    assertThat(read(reader.next().body(), 4093)).isEqualTo(text);
    assertThat(read(reader.next().body(), 10)).isEqualTo("tail");
  }

  @Test
  void next_skipsWhatIsLeftOfAPart() throws Exception {
    MultipartReader reader =
        new MultipartReader(
            new ByteArrayInputStream(body("a", "x".repeat(100_000), "b", "kept")), BOUNDARY);

    reader.next();
    assertThat(read(reader.next().body(), 64)).isEqualTo("kept");
  }

  @Test
  void bodyCutShort_isMalformed() throws Exception {
    byte[] whole = body("a", "some content that gets cut");
    MultipartReader reader =
        new MultipartReader(
            new ByteArrayInputStream(Arrays.copyOf(whole, whole.length - 20)), BOUNDARY);
    MultipartReader.Part part = reader.next();

    assertThatThrownBy(() -> read(part.body(), 16))
        .isInstanceOf(MalformedMultipartException.class)
        .hasMessageContaining("cut short");
  }

  @Test
  void noBoundaryAtAll_isMalformed() {
    MultipartReader reader =
        new MultipartReader(
            new ByteArrayInputStream("just text".getBytes(StandardCharsets.UTF_8)), BOUNDARY);

    assertThatThrownBy(reader::next)
        .isInstanceOf(MalformedMultipartException.class)
        .hasMessageContaining("before the first boundary");
  }

  @Test
  void boundaryOf_readsQuotedAndPlainParameters() {
    assertThat(MultipartReader.boundaryOf("multipart/form-data; boundary=abc")).isEqualTo("abc");
    assertThat(MultipartReader.boundaryOf("multipart/form-data; boundary=\"a b\""))
        .isEqualTo("a b");
    assertThat(MultipartReader.boundaryOf("multipart/form-data")).isNull();
  }

  @Test
  void randomBodiesFullOfDelimiterFragments_areReadBackExactly() throws Exception {
    Random random = new Random(11);
    String delimiter = "\r\n--" + BOUNDARY;
    for (int round = 0; round < 200; round++) {
      StringBuilder data = new StringBuilder();
      int pieces = random.nextInt(30);
      for (int p = 0; p < pieces; p++) {
        if (random.nextBoolean()) {
          // a proper prefix of the delimiter: never the whole of it
          data.append(delimiter, 0, random.nextInt(delimiter.length()));
        } else {
          data.append((char) random.nextInt(256));
        }
      }
      String text = data.toString();
      MultipartReader reader =
          new MultipartReader(
              trickle(body("f", text, "g", text), 1 + random.nextInt(50)), BOUNDARY);

      assertThat(read(reader.next().body(), 1 + random.nextInt(20)))
          .as("round %d", round)
          .isEqualTo(text);
      assertThat(read(reader.next().body(), 7)).isEqualTo(text);
      assertThat(reader.next()).isNull();
    }
  }
}
