package io.ipfscluster.cli.ctl;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.Instantiatable;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.ipfscluster.api.json.ClusterJson;
import java.io.IOException;

/**
 * JSON as Go's {@code json.MarshalIndent(v, "", " ")} writes it: four spaces per level, {@code
 * "key": value}, every array element and object member on its own line, {@code {}} and {@code []}
 * when empty; and Go's escaping of strings ({@code <}, {@code >}, {@code &}, U+2028, U+2029 and
 * control characters as six-character escapes in lower-case hex).
 *
 * <p>Thread-safe: the writer is immutable and makes a printer per value.
 */
final class GoJson {
  private static final ObjectWriter WRITER =
      ClusterJson.mapper().writer(new Indent()).with(new GoEscapes());

  private GoJson() {}

  /** {@code value} indented, without a trailing newline. */
  static String indent(Object value) {
    try {
      return WRITER.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
    }
  }

  /** The indentation of {@code MarshalIndent} with four spaces. */
  private static final class Indent implements PrettyPrinter, Instantiatable<Indent> {
    private int depth;

    @Override
    public Indent createInstance() {
      return new Indent();
    }

    private void newline(JsonGenerator g) throws IOException {
      g.writeRaw('\n');
      for (int i = 0; i < depth; i++) {
        g.writeRaw("    ");
      }
    }

    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw('\n');
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
      g.writeRaw('{');
      depth++;
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
      newline(g);
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(',');
      newline(g);
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
      depth--;
      if (entries > 0) {
        newline(g);
      }
      g.writeRaw('}');
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
      g.writeRaw('[');
      depth++;
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
      newline(g);
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(',');
      newline(g);
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
      depth--;
      if (values > 0) {
        newline(g);
      }
      g.writeRaw(']');
    }
  }

  /** Go's {@code encoding/json} string escaping, with HTML escaping on. */
  private static final class GoEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    GoEscapes() {
      for (int c = 0; c < 0x20; c++) {
        if (c != '\b' && c != '\t' && c != '\n' && c != '\f' && c != '\r') {
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
      if (ch < 0x80 || ch == 0x2028 || ch == 0x2029) {
        return new SerializedString(String.format("\\u%04x", ch));
      }
      return null;
    }
  }
}
