package io.eventpipe.alerting.notify;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Verifies a server's certificate chain as usual, but its name against {@code tls_config.server_name} instead of
 * the URL's host, as Go's {@code tls.Config.ServerName} does (a service reached by IP or through an alias with a
 * certificate for its real name). Being an {@link X509ExtendedTrustManager}, it replaces JSSE's own host check;
 * the chain is checked by the delegate's method that does no host check.
 */
final class ServerNameTrustManager extends X509ExtendedTrustManager {
  private static final int DNS = 2;
  private static final int IP = 7;
  private final X509TrustManager delegate;
  private final String serverName;

  ServerNameTrustManager(X509TrustManager delegate, String serverName) {
    this.delegate = delegate;
    this.serverName = serverName.toLowerCase(Locale.ROOT);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    delegate.checkServerTrusted(chain, authType);
    verifyName(chain[0]);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  /** Go's {@code x509.Certificate.VerifyHostname}: subject alternative names only, one wildcard label. */
  private void verifyName(X509Certificate leaf) throws CertificateException {
    for (List<?> san : sans(leaf)) {
      int type = (Integer) san.get(0);
      String value = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
      if ((type == IP && value.equals(serverName)) || (type == DNS && dnsMatches(value))) {
        return;
      }
    }
    throw new CertificateException("certificate is not valid for tls_config.server_name " + serverName);
  }

  private boolean dnsMatches(String pattern) {
    if (pattern.startsWith("*.")) {
      int dot = serverName.indexOf('.');
      return dot > 0 && serverName.substring(dot).equals(pattern.substring(1));
    }
    return pattern.equals(serverName);
  }

  private static Iterable<List<?>> sans(X509Certificate leaf) throws CertificateParsingException {
    var names = leaf.getSubjectAlternativeNames();
    return names == null ? List.of() : names;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }
}
