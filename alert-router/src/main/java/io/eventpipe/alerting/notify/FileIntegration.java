package io.eventpipe.alerting.notify;

import io.eventpipe.alerting.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends each notification's webhook payload as one JSON line to a local file (for the demo). */
final class FileIntegration implements Integration {
  private final Path path;
  private final String externalUrl;

  FileIntegration(FileConfig config, String externalUrl) {
    this.path = Path.of(config.path());
    this.externalUrl = externalUrl;
  }

  @Override
  public synchronized void send(Notification n) throws DeliveryException {
    byte[] line = (new String(Json.write(Payloads.webhook(n, externalUrl, 0)), StandardCharsets.UTF_8) + "\n")
        .getBytes(StandardCharsets.UTF_8);
    try {
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
      Files.write(path, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new DeliveryException("file: cannot append to " + path + ": " + e.getMessage(), true, null, e);
    }
  }
}
