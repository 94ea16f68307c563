package io.ipfscluster.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ipfscluster.api.Bandwidth;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * The v1 JSON of {@link Bandwidth}, with the rates written as Go's {@code encoding/json} writes a
 * {@code float64}: shortest digits, no {@code .0} on whole numbers, exponent form below 1e-6 and
 * from 1e21 ({@code 1e-7}, {@code 1e+21}).
 *
 * <p>Reading is lenient like Go's. Thread-safe: stateless.
 */
final class BandwidthJson {
  private BandwidthJson() {}

  static void write(JsonGenerator g, Bandwidth b) throws IOException {
    g.writeStartObject();
    g.writeNumberField("total_in", b.totalIn());
    g.writeNumberField("total_out", b.totalOut());
    g.writeFieldName("rate_in");
    g.writeNumber(goFloat(b.rateIn()));
    g.writeFieldName("rate_out");
    g.writeNumber(goFloat(b.rateOut()));
    g.writeEndObject();
  }

  static Bandwidth read(JsonParser p) throws IOException {
    JsonFields.expectObject(p, "bandwidth");
    long totalIn = 0;
    long totalOut = 0;
    double rateIn = 0;
    double rateOut = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "total_in" -> totalIn = JsonFields.readLong(p, field);
        case "total_out" -> totalOut = JsonFields.readLong(p, field);
        case "rate_in" -> rateIn = readDouble(p, field);
        case "rate_out" -> rateOut = readDouble(p, field);
        default -> p.skipChildren();
      }
    }
    try {
      return new Bandwidth(totalIn, totalOut, rateIn, rateOut);
    } catch (IllegalArgumentException e) {
      throw JsonFields.invalid(p, "bandwidth", e.getMessage());
    }
  }

  private static double readDouble(JsonParser p, String field) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return 0;
    }
    if (!p.currentToken().isNumeric()) {
      throw JsonFields.invalid(p, field, "expected a number, got " + p.currentToken());
    }
    return p.getDoubleValue();
  }

  /** A finite double as Go's {@code encoding/json} writes a {@code float64}. */
  static String goFloat(double v) {
    if (v == 0) {
      return 1 / v < 0 ? "-0" : "0";
    }
    // Double.toString gives the shortest digits that read back to v, as Go's 'g'/-1 does.
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    double abs = Math.abs(v);
    if (abs >= 1e-6 && abs < 1e21) {
      return d.toPlainString();
    }
    String digits = d.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - d.scale();
    StringBuilder sb = new StringBuilder();
    if (v < 0) {
      sb.append('-');
    }
    sb.append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    sb.append('e').append(exponent < 0 ? '-' : '+');
    int e = Math.abs(exponent);
    // Go writes at least two exponent digits, then trims "e-09" to "e-9" (but keeps "e+09").
    if (e < 10 && exponent > 0) {
      sb.append('0');
    }
    return sb.append(e).toString();
  }
}
