package io.ipfscluster.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code service.json} from disk or from its {@code source} URL, and writes it back
 * atomically with owner-only permissions (0600, in a 0700 folder when it creates one).
 */
final class ServiceConfigFile {
  private static final Logger log = LoggerFactory.getLogger(ServiceConfigFile.class);
  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);

  private ServiceConfigFile() {}

  static ServiceConfig load(Path configDirOrFile, Map<String, String> env) {
    Path file = fileOf(configDirOrFile).toAbsolutePath();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such configuration file", e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read the configuration: " + e.getMessage(), e);
    }
    return parse(text, file.toString(), file.getParent(), env, true);
  }

  /**
   * Builds the configuration from {@code text}, which came from {@code origin}; relative paths in
   * it belong to {@code configDir}. A document naming a {@code source} is fetched from it when
   * {@code mayFetch} (a fetched document may not name another source).
   */
  static ServiceConfig parse(
      String text, String origin, Path configDir, Map<String, String> env, boolean mayFetch) {
    JsonNode root = ConfigJson.parse(text, origin);
    JsonNode source = root.get("source");
    if (source != null && !source.isNull() && !source.asText().isEmpty()) {
      String url = source.asText();
      if (!mayFetch) {
        throw new ConfigException(
            origin + ": a sourced configuration cannot point to another source (" + url + ")",
            null);
      }
      return parse(fetch(url), url, configDir, env, false).withSource(url);
    }
    return ServiceConfigJson.fromTree(root, env, configDir);
  }

  private static String fetch(String url) {
    log.info("loading configuration from {}", url);
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(url)).timeout(FETCH_TIMEOUT).GET().build();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("source is not a valid URL: \"" + url + "\"", e);
    }
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(FETCH_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    try (client) {
      HttpResponse<String> response =
          client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() >= 300) {
        throw new ConfigException(
            "could not fetch configuration from source "
                + url
                + ": HTTP "
                + response.statusCode()
                + ": "
                + abbreviate(response.body()),
            null);
      }
      return response.body();
    } catch (IOException e) {
      throw new ConfigException("could not fetch configuration from source " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException("interrupted fetching configuration from source " + url, e);
    }
  }

  static void write(ServiceConfig config, Path configDirOrFile) {
    Path file = fileOf(configDirOrFile).toAbsolutePath();
    Path dir = file.getParent();
    try {
      createPrivateDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".service", ".json.tmp");
      try {
        restrictToOwner(tmp, "rw-------");
        Files.writeString(tmp, config.toJson(), StandardCharsets.UTF_8);
        moveIntoPlace(tmp, file);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot write the configuration: " + e.getMessage(), e);
    }
  }

  private static Path fileOf(Path configDirOrFile) {
    return Files.isDirectory(configDirOrFile)
        ? configDirOrFile.resolve(ServiceConfig.FILE_NAME)
        : configDirOrFile;
  }

  private static void createPrivateDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Files.createDirectories(dir);
    restrictToOwner(dir, "rwx------");
  }

  private static void restrictToOwner(Path path, String permissions) throws IOException {
    if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }
  }

  private static void moveIntoPlace(Path tmp, Path file) throws IOException {
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String abbreviate(String body) {
    String trimmed = body.strip();
    return trimmed.length() > 200 ? trimmed.substring(0, 200) + "…" : trimmed;
  }
}
