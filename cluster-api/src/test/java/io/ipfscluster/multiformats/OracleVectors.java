package io.ipfscluster.multiformats;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the oracle vector files in {@code src/test/resources/vectors/} (produced by
 * tools/oracles/generate.sh with js-ipfs and Debian's ipfs_cid; see tools/oracles/README.md).
 *
 * <p>Format: lines starting with '#' are comments; the first other line names the columns; each
 * further line is one vector. Cells escape backslash, tab, CR, LF and control characters as {@code
 * \\ \t \r \n \xNN}; an empty cell is the empty string and "-" means "not applicable".
 */
final class OracleVectors {
  private OracleVectors() {}

  /** One vector: its line number in the file and its cells by column name. */
  record Row(String file, int line, Map<String, String> cells) {
    /** The cell in {@code column}; fails if the file has no such column. */
    String get(String column) {
      String v = cells.get(column);
      if (v == null) {
        throw new IllegalStateException(file + " has no column " + column + ": " + cells.keySet());
      }
      return v;
    }

    /** The cell, or empty when it is "-" (not applicable). */
    Optional<String> optional(String column) {
      String v = get(column);
      return v.equals("-") ? Optional.empty() : Optional.of(v);
    }

    @Override
    public String toString() {
      return file + ":" + line;
    }
  }

  /** All vectors of {@code vectors/<file>}; fails when the file is missing or has none. */
  static List<Row> read(String file) {
    String resource = "/vectors/" + file;
    try (InputStream in = OracleVectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing " + resource + " (generate it with tools/oracles/generate.sh)");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8));
      List<Row> rows = new ArrayList<>();
      String[] columns = null;
      int lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split("\t", -1);
        if (columns == null) {
          columns = cells;
          continue;
        }
        if (cells.length != columns.length) {
          throw new IllegalStateException(
              file + ":" + lineNumber + " has " + cells.length + " cells, not " + columns.length);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < columns.length; i++) {
          map.put(columns[i], unescape(cells[i]));
        }
        rows.add(new Row(file, lineNumber, map));
      }
      if (rows.isEmpty()) {
        throw new IllegalStateException(resource + " has no vectors");
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String unescape(String cell) {
    if (cell.indexOf('\\') < 0) {
      return cell;
    }
    StringBuilder sb = new StringBuilder(cell.length());
    for (int i = 0; i < cell.length(); i++) {
      char c = cell.charAt(i);
      if (c != '\\' || i + 1 == cell.length()) {
        sb.append(c);
        continue;
      }
      char e = cell.charAt(++i);
      switch (e) {
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'n' -> sb.append('\n');
        case 'x' -> {
          sb.append((char) Integer.parseInt(cell.substring(i + 1, i + 3), 16));
          i += 2;
        }
        default -> sb.append(e);
      }
    }
    return sb.toString();
  }
}
