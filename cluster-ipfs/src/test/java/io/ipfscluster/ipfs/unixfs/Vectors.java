package io.ipfscluster.ipfs.unixfs;

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

/**
 * Reads an oracle TSV of cluster-api's test resources (format: tools/oracles/README.md): '#'
 * comments, a header line, one row per line, backslash escapes in cells.
 */
final class Vectors {
  private Vectors() {}

  /** One row: its line number and its cells by column. */
  record Row(int line, Map<String, String> cells) {
    String get(String column) {
      String v = cells.get(column);
      if (v == null) {
        throw new IllegalStateException("no column " + column + " in " + cells.keySet());
      }
      return v;
    }
  }

  static List<Row> read(String file) {
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing /vectors/" + file + " (cluster-api test-jar)");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8));
      List<Row> rows = new ArrayList<>();
      String[] columns = null;
      int number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (line.startsWith("#")) {
          continue;
        }
        String[] cells = line.split("\t", -1);
        if (columns == null) {
          columns = cells;
          continue;
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < columns.length; i++) {
          map.put(columns[i], unescape(cells[i]));
        }
        rows.add(new Row(number, map));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String unescape(String cell) {
    if (cell.indexOf('\\') < 0) {
      return cell;
    }
    StringBuilder sb = new StringBuilder();
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
