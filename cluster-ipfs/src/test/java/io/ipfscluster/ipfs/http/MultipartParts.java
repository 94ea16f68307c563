package io.ipfscluster.ipfs.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits a whole multipart/form-data body into its parts, for the fake server's checks. */
final class MultipartParts {

  /** One part: its header block and its bytes. */
  record Part(String headers, byte[] data) {}

  private MultipartParts() {}

  static List<Part> parse(String contentType, byte[] body) {
    String boundary = contentType.substring(contentType.indexOf("boundary=") + 9);
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    List<Part> parts = new ArrayList<>();
    int pos = indexOf(body, delimiter, 0);
    if (pos < 0) {
      throw new IllegalArgumentException("no boundary in the body");
    }
    while (true) {
      pos += delimiter.length;
      if (body[pos] == '-' && body[pos + 1] == '-') {
        return parts; // closing delimiter
      }
      pos += 2; // CRLF after the delimiter
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), pos);
      String headers = new String(body, pos, headersEnd - pos, StandardCharsets.US_ASCII);
      int dataStart = headersEnd + 4;
      int next = indexOf(body, delimiter, dataStart);
      parts.add(new Part(headers, Arrays.copyOfRange(body, dataStart, next - 2)));
      pos = next;
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
