package io.eventpipe.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A webhook behind mutual TLS, as users run them: a real HTTPS server that requires a client certificate signed by
 * its CA. The tls_config's CA, client certificate and key (PKCS#1 and PKCS#8 PEM files, or inline) make the POST
 * succeed; without the certificate, or limited to a protocol the server does not speak, it fails, retryable.
 */
class ClientCertificateTest {
  @TempDir
  static Path dir;
  private static X509Certificate ca;
  private static KeyPair serverKeys;
  private static X509Certificate serverCert;
  private static Path caFile;
  private static Path certFile;
  private static Path pkcs1Key;
  private static Path pkcs8Key;
  private final List<String> clients = new CopyOnWriteArrayList<>();
  private HttpsServer server;
  private String url;

  /** A CA, the server's certificate and the client's (its key RSA, so that PKCS#1 is covered), made once. */
  @BeforeAll
  static void makeCertificates() throws Exception {
    KeyPair caKeys = keys("EC", 256);
    ca = certificate("CN=test CA", caKeys, "CN=test CA", caKeys, true);
    serverKeys = keys("EC", 256);
    serverCert = certificate("CN=127.0.0.1", serverKeys, "CN=test CA", caKeys, false);
    KeyPair clientKeys = keys("RSA", 2048);
    X509Certificate clientCert = certificate("CN=alert-router", clientKeys, "CN=test CA", caKeys, false);
    caFile = Files.writeString(dir.resolve("ca.pem"), pem(ca));
    certFile = Files.writeString(dir.resolve("client.pem"), pem(clientCert));
    pkcs1Key = Files.writeString(dir.resolve("client-pkcs1.key"), pem(clientKeys.getPrivate()));
    pkcs8Key = Files.writeString(dir.resolve("client-pkcs8.key"), pem(new JcaPKCS8Generator(clientKeys.getPrivate(), null)));
    assertThat(Files.readString(pkcs1Key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    assertThat(Files.readString(pkcs8Key)).startsWith("-----BEGIN PRIVATE KEY-----");
  }

  @BeforeEach
  void startServerRequiringAClientCertificate() throws Exception {
    KeyStore identity = KeyStore.getInstance("PKCS12");
    identity.load(null, null);
    identity.setKeyEntry("server", serverKeys.getPrivate(), new char[0], new java.security.cert.Certificate[] {serverCert, ca});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(identity, new char[0]);
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("ca", ca);
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);

    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters params) {
        var p = context.getDefaultSSLParameters();
        p.setNeedClientAuth(true);
        p.setProtocols(new String[] {"TLSv1.2"});
        params.setSSLParameters(p);
      }
    });
    server.createContext("/hook", exchange -> {
      SSLSession session = ((com.sun.net.httpserver.HttpsExchange) exchange).getSSLSession();
      clients.add(((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName());
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    url = "https://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void theClientCertificateFromPkcs1OrPkcs8FilesOrInlineIsPresented() throws Exception {
    for (TlsConfig tls : List.of(
        tls(caFile.toString(), certFile.toString(), pkcs1Key.toString(), null, null, null),
        tls(caFile.toString(), certFile.toString(), pkcs8Key.toString(), null, null, null),
        tls(null, null, null, Files.readString(caFile), Files.readString(certFile), Files.readString(pkcs8Key)))) {
      post(tls).postJson(url, Map.of("status", "firing"), "webhook");
    }
    assertThat(clients).containsExactly("CN=alert-router", "CN=alert-router", "CN=alert-router");
  }

  @Test
  void withoutTheCertificateOrWithAProtocolTheServerRefusesItFailsRetryably() {
    assertThatThrownBy(() -> post(tls(caFile.toString(), null, null, null, null, null))
        .postJson(url, Map.of(), "webhook")).isInstanceOfSatisfying(DeliveryException.class,
            e -> assertThat(e.retryable()).isTrue());
    TlsConfig onlyTls13 = new TlsConfig(caFile.toString(), certFile.toString(), pkcs8Key.toString(), null, null, null,
        null, null, "TLS13", null);
    assertThatThrownBy(() -> post(onlyTls13).postJson(url, Map.of(), "webhook")).isInstanceOf(DeliveryException.class);
    assertThat(clients).isEmpty();
  }

  /** The certificate holds IP 127.0.0.1, hooks.internal and *.svc.internal; the URL's host is 127.0.0.1. */
  @Test
  void serverNameIsTheNameTheCertificateMustHoldInsteadOfTheUrlsHost() throws Exception {
    for (String name : List.of("hooks.internal", "alerts.svc.internal", "HOOKS.internal")) {
      post(withServerName(name)).postJson(url, Map.of("status", "firing"), "webhook");
    }
    assertThat(clients).hasSize(3);
    // 127.0.0.1 would pass the host check; these names are not in the certificate
    for (String name : List.of("other.internal", "a.b.svc.internal", "svc.internal")) {
      assertThatThrownBy(() -> post(withServerName(name)).postJson(url, Map.of(), "webhook"))
          .isInstanceOf(DeliveryException.class);
    }
    assertThat(clients).hasSize(3);
  }

  private static TlsConfig withServerName(String name) {
    return new TlsConfig(caFile.toString(), certFile.toString(), pkcs8Key.toString(), null, null, null, name, null,
        null, null);
  }

  @Test
  void unreadableOrHalfGivenKeyMaterialIsAConfigError() {
    assertThatThrownBy(() -> post(tls(caFile.toString(), certFile.toString(), null, null, null, null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs both cert(_file) and key(_file)");
    assertThatThrownBy(() -> post(tls(caFile.toString(), certFile.toString(), dir.resolve("missing.key").toString(),
        null, null, null))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key_file");
    assertThatThrownBy(() -> post(new TlsConfig(null, null, null, null, null, null, null, null, "TLS13", "TLS12")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min_version/max_version");
  }

  private static TlsConfig tls(String caFile, String certFile, String keyFile, String ca, String cert, String key) {
    return new TlsConfig(caFile, certFile, keyFile, ca, cert, key, null, null, null, null);
  }

  private static HttpPost post(TlsConfig tls) {
    return new HttpPost(Duration.ofSeconds(10), new HttpClientConfig(null, null, null, null, tls, null, null, null,
        null, null, null, null));
  }

  private static KeyPair keys(String algorithm, int size) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
    g.initialize(size);
    return g.generateKeyPair();
  }

  private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys,
      boolean ca) throws Exception {
    Instant now = Instant.now();
    var builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(now.toEpochMilli()),
        Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(86_400)), new X500Name(subject),
        subjectKeys.getPublic())
        .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (!ca) {
      builder.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "hooks.internal"),
              new GeneralName(GeneralName.dNSName, "*.svc.internal")}));
    }
    return new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
  }

  private static String pem(Object o) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(o);
    }
    return out.toString();
  }
}
