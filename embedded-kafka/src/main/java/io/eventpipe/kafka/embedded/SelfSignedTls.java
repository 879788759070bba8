package io.eventpipe.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made up on the spot and a broker certificate it signed for 127.0.0.1 and localhost,
 * written as PKCS12 files by the JDK's own {@code keytool}: what a test needs to run a TLS listener that real
 * clients verify (hostname included), with nothing checked in.
 *
 * @param brokerKeystore the broker's key and certificate chain (CA-signed)
 * @param truststore the CA certificate alone, for clients
 * @param password the password of both files and of the key
 */
public record SelfSignedTls(Path brokerKeystore, Path truststore, String password) {
  private static final String STORE_TYPE = "PKCS12";

  /** Generates a fresh CA and broker certificate (valid 2 days) under {@code dir}. */
  public static SelfSignedTls generate(Path dir) {
    String password = "test-" + UUID.randomUUID();
    Path ca = dir.resolve("ca.p12");
    Path broker = dir.resolve("broker.p12");
    Path truststore = dir.resolve("truststore.p12");
    Path caCert = dir.resolve("ca.crt");
    Path csr = dir.resolve("broker.csr");
    Path brokerCert = dir.resolve("broker.crt");
    keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=eventpipe-test-ca", "-ext", "bc:c", "-keystore", ca.toString(), "-storepass", password);
    keytool(dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password,
        "-file", caCert.toString());
    keytool(dir, "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=localhost", "-keystore", broker.toString(), "-storepass", password);
    keytool(dir, "-certreq", "-alias", "broker", "-keystore", broker.toString(), "-storepass", password,
        "-file", csr.toString());
    keytool(dir, "-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password,
        "-infile", csr.toString(), "-outfile", brokerCert.toString(), "-validity", "2",
        "-ext", "san=ip:127.0.0.1,dns:localhost");
    keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(),
        "-keystore", broker.toString(), "-storepass", password);
    keytool(dir, "-importcert", "-noprompt", "-alias", "broker", "-file", brokerCert.toString(),
        "-keystore", broker.toString(), "-storepass", password);
    keytool(dir, "-importcert", "-noprompt", "-alias", "ca", "-file", caCert.toString(),
        "-keystore", truststore.toString(), "-storepass", password);
    return new SelfSignedTls(broker, truststore, password);
  }

  private static void keytool(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("-storetype", STORE_TYPE));
    try {
      Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool " + args[0] + " failed: " + output.strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run keytool", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }
}
