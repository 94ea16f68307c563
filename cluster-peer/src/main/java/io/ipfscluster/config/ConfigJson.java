package io.ipfscluster.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * Parses and prints configuration JSON. Printing follows Go's {@code json.MarshalIndent(v, "", "
 * ")}: two-space indent, {@code "key": value}, one array element per line, {@code []} and {@code
 * {}} for empty values.
 */
final class ConfigJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final ObjectWriter WRITER = MAPPER.writer(goStylePrinter());

  private ConfigJson() {}

  private static DefaultPrettyPrinter goStylePrinter() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    Separators separators =
        Separators.createDefaultInstance()
            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withObjectEmptySeparator("")
            .withArrayEmptySeparator("");
    return new DefaultPrettyPrinter(separators)
        .withObjectIndenter(indenter)
        .withArrayIndenter(indenter);
  }

  /**
   * Parses {@code text}; a malformed document is a {@link ConfigException} naming {@code origin} (a
   * file or URL) and the line and column of the error.
   */
  static JsonNode parse(String text, String origin) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new ConfigException(
          origin + ": malformed JSON" + where + ": " + e.getOriginalMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new ConfigException(origin + ": empty, expected a JSON object", null);
    }
    if (!root.isObject()) {
      throw new ConfigException(
          origin + ": expected a JSON object, got " + root.getNodeType(), null);
    }
    return root;
  }

  static String print(JsonNode node) {
    try {
      return WRITER.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree failed to print", e);
    }
  }
}
