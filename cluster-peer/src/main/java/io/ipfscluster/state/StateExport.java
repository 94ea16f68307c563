package io.ipfscluster.state;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.ipfscluster.api.Pin;
import io.ipfscluster.api.json.ClusterJson;
import io.ipfscluster.api.json.PinJson;
import io.ipfscluster.multiformats.PeerId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * Export and import of the pinset as a stream of v1 pin JSON objects, one per line, the format of
 * the original's {@code state export} and {@code state import}.
 *
 * <p>Both stream: memory does not grow with the number of pins. Import accepts any sequence of JSON
 * objects separated by whitespace (pretty-printed ones too), and minimal objects such as {@code
 * {"cid": …}}. Thread-safe: stateless.
 */
public final class StateExport {
  private static final JsonFactory JSON = ClusterJson.mapper().getFactory();

  private StateExport() {}

  /**
   * Settings applied to every imported pin.
   *
   * @param replicationFactorMin replaces the pin's value when positive
   * @param replicationFactorMax replaces the pin's value when positive
   * @param allocations replace the pin's allocations when not empty
   */
  public record Overrides(
      int replicationFactorMin, int replicationFactorMax, List<PeerId> allocations) {
    public static final Overrides NONE = new Overrides(0, 0, List.of());

    public Overrides {
      allocations = List.copyOf(allocations);
    }

    Pin apply(Pin pin) {
      Pin out = pin;
      int min =
          replicationFactorMin > 0 ? replicationFactorMin : pin.options().replicationFactorMin();
      int max =
          replicationFactorMax > 0 ? replicationFactorMax : pin.options().replicationFactorMax();
      if (min != pin.options().replicationFactorMin()
          || max != pin.options().replicationFactorMax()) {
        out = out.withOptions(out.options().withReplication(min, max));
      }
      return allocations.isEmpty() ? out : out.withAllocations(allocations);
    }
  }

  /** Writes every pin of {@code state} to {@code out}, one JSON object per line. */
  public static long exportTo(State state, OutputStream out) throws IOException {
    long n = 0;
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
        Stream<Pin> pins = state.list()) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setRootValueSeparator(null); // objects are separated by the newlines written below
      for (Iterator<Pin> it = pins.iterator(); it.hasNext(); ) {
        PinJson.write(g, it.next());
        g.writeRaw('\n');
        n++;
      }
    }
    out.flush();
    return n;
  }

  /**
   * Replaces the pinset of {@code state} with the pins read from {@code in}. All or nothing: on a
   * malformed object the state is left as it was and {@link StateImportException} names the line.
   * Returns the number of pins imported.
   */
  public static long importFrom(State state, InputStream in, Overrides overrides)
      throws IOException {
    try (JsonParser parser = JSON.createParser(in)) {
      parser.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
      return state.replaceAll(new PinReader(parser, overrides));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Reads pins lazily, one JSON object after another. */
  private static final class PinReader implements Iterator<Pin> {
    private final JsonParser parser;
    private final Overrides overrides;
    private Pin next;
    private boolean done;

    PinReader(JsonParser parser, Overrides overrides) {
      this.parser = parser;
      this.overrides = overrides;
    }

    @Override
    public boolean hasNext() {
      if (next != null || done) {
        return next != null;
      }
      long line = parser.currentLocation().getLineNr();
      try {
        JsonToken t = parser.nextToken();
        line = parser.currentTokenLocation().getLineNr();
        if (t == null) {
          done = true;
          return false;
        }
        next = overrides.apply(PinJson.read(parser));
        return true;
      } catch (JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        long errorLine = at != null && at.getLineNr() > 0 ? at.getLineNr() : line;
        throw new StateImportException(errorLine, e.getOriginalMessage(), e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public Pin next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Pin p = next;
      next = null;
      return p;
    }
  }
}
