package io.ipfscluster.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ipfscluster.api.json.ClusterJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * JSON bodies byte for byte as the original's {@code json.Encoder} writes them: the v1 codecs of
 * {@link ClusterJson}, each value followed by {@code \n}, and Go's string escapes ({@code <},
 * {@code >}, {@code &}, U+2028 and U+2029 as {@code \}{@code u003c}…, other control characters in
 * lower-case hex).
 *
 * <p>Thread-safe: stateless.
 */
final class GoJson {
  private static final ObjectWriter WRITER =
      ClusterJson.mapper().writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
  private static final CharacterEscapes ESCAPES = new GoEscapes();

  private GoJson() {}

  /**
   * A generator over {@code out} that writes Go's escapes and nothing between root values; closing
   * it does not close {@code out}.
   */
  static JsonGenerator generator(OutputStream out) throws IOException {
    JsonGenerator g = WRITER.createGenerator(out);
    g.setCharacterEscapes(ESCAPES);
    g.setRootValueSeparator(null);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    return g;
  }

  /** Writes {@code value} with its v1 codec (for stream items, which get their newline later). */
  static void writeValue(JsonGenerator g, Object value) throws IOException {
    WRITER.writeValue(g, value);
  }

  /** {@code value} encoded as {@code json.Encoder.Encode} would, newline included. */
  static byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = generator(out)) {
      writeValue(g, value);
      g.writeRaw('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + value.getClass().getSimpleName(), e);
    }
    return out.toByteArray();
  }

  /** Go's {@code encoding/json} string escapes, where they differ from Jackson's. */
  private static final class GoEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    GoEscapes() {
      for (int c = 0; c < 0x20; c++) {
        if ("\b\t\n\f\r".indexOf(c) < 0) {
          ascii[c] = ESCAPE_CUSTOM;
        }
      }
      ascii['<'] = ESCAPE_CUSTOM;
      ascii['>'] = ESCAPE_CUSTOM;
      ascii['&'] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch < 0x80 ? ascii[ch] == ESCAPE_CUSTOM : ch == 0x2028 || ch == 0x2029) {
        return new SerializedString(String.format("\\u%04x", ch));
      }
      return null;
    }
  }
}
