package io.eventpipe.alerting.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The JSSE side of a Prometheus common {@code tls_config}, as Go's {@code config.NewTLSConfig} builds it: the CA
 * (file or inline PEM) the server is verified against, or no verification with {@code insecure_skip_verify}; the
 * client certificate and key (files or inline PEM; the key as PKCS#8, PKCS#1 or SEC1, which BouncyCastle reads and
 * the JDK alone does not); {@code server_name} as the name the certificate must hold ({@link ServerNameTrustManager});
 * and {@code min_version}/{@code max_version} as the enabled protocols. Used by the HTTP
 * integrations and by email (STARTTLS or SMTPS).
 */
final class TlsContexts {
  private TlsContexts() {}

  /** Prometheus' version names to the JDK's protocol names, oldest first. */
  private static final Map<String, String> PROTOCOLS = Map.of("TLS10", "TLSv1", "TLS11", "TLSv1.1", "TLS12", "TLSv1.2",
      "TLS13", "TLSv1.3");
  private static final List<String> ORDER = List.of("TLS10", "TLS11", "TLS12", "TLS13");

  /** Applies a tls_config (context and enabled protocols) to an HTTP client being built. */
  static HttpClient.Builder apply(HttpClient.Builder client, TlsConfig tls) {
    return client.sslContext(context(tls)).sslParameters(parameters(tls));
  }

  /** The context of a tls_config; throws {@link IllegalArgumentException} naming what could not be read. */
  static SSLContext context(TlsConfig tls) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers(tls), trustManagers(tls), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("tls_config: " + e.getMessage(), e);
    }
  }

  /** The enabled protocols of a tls_config's version bounds (Go's default minimum is TLS 1.2). */
  static SSLParameters parameters(TlsConfig tls) {
    int min = ORDER.indexOf(tls.minVersion() == null ? "TLS12" : tls.minVersion());
    int max = ORDER.indexOf(tls.maxVersion() == null ? "TLS13" : tls.maxVersion());
    if (min < 0 || max < 0 || min > max) {
      throw new IllegalArgumentException("tls_config: min_version/max_version must be TLS10..TLS13, min <= max, got "
          + tls.minVersion() + "/" + tls.maxVersion());
    }
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(ORDER.subList(min, max + 1).stream().map(PROTOCOLS::get).toArray(String[]::new));
    return parameters;
  }

  private static TrustManager[] trustManagers(TlsConfig tls) throws GeneralSecurityException, IOException {
    if (tls.skipVerify()) {
      return new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }};
    }
    String ca = pem(tls.caFile(), tls.ca(), "ca");
    boolean ownName = tls.serverName() != null && !tls.serverName().isEmpty();
    if (ca == null && !ownName) {
      return null; // the JDK's default trust store, as Go uses the system roots
    }
    KeyStore store = null; // null: the JDK's default trust store
    if (ca != null) {
      store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate c : certificates(ca)) {
        store.setCertificateEntry("ca" + i++, c);
      }
    }
    TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    f.init(store);
    TrustManager[] managers = f.getTrustManagers();
    if (ownName) {
      for (int i = 0; i < managers.length; i++) {
        if (managers[i] instanceof X509TrustManager x509) {
          managers[i] = new ServerNameTrustManager(x509, tls.serverName());
        }
      }
    }
    return managers;
  }

  private static KeyManager[] keyManagers(TlsConfig tls) throws GeneralSecurityException, IOException {
    String cert = pem(tls.certFile(), tls.cert(), "cert");
    String key = pem(tls.keyFile(), tls.key(), "key");
    if (cert == null && key == null) {
      return null;
    }
    if (cert == null || key == null) {
      throw new IllegalArgumentException("a client certificate needs both cert(_file) and key(_file)");
    }
    char[] password = new char[0];
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("client", privateKey(key), password, certificates(cert).toArray(Certificate[]::new));
    KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    f.init(store, password);
    return f.getKeyManagers();
  }

  private static List<Certificate> certificates(String pem) throws GeneralSecurityException {
    List<Certificate> out = new ArrayList<>(CertificateFactory.getInstance("X.509")
        .generateCertificates(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
    if (out.isEmpty()) {
      throw new GeneralSecurityException("no PEM certificate found");
    }
    return out;
  }

  private static PrivateKey privateKey(String pem) throws IOException {
    try (Reader in = new StringReader(pem); PEMParser parser = new PEMParser(in)) {
      Object parsed = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (parsed instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate(); // PKCS#1 (RSA PRIVATE KEY) or SEC1 (EC PRIVATE KEY)
      } else if (parsed instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info); // PKCS#8 (PRIVATE KEY)
      }
      throw new IOException("key: no unencrypted PEM private key found");
    }
  }

  /** The PEM text of a file or inline field, or null when neither is set. */
  private static String pem(String file, String inline, String what) throws IOException {
    if (file != null && !file.isEmpty()) {
      try (InputStream in = Files.newInputStream(Path.of(file))) {
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new IOException(what + "_file " + file + " cannot be read: " + e.getMessage(), e);
      }
    }
    return inline == null || inline.isEmpty() ? null : inline;
  }
}
