package io.eventpipe.alerting.notify;

/** Prometheus common {@code tls_config}: CA, client certificate, server name, verification. */
public record TlsConfig(String caFile, String certFile, String keyFile, String ca, String cert, String key,
    String serverName, Boolean insecureSkipVerify, String minVersion, String maxVersion) {

  public boolean skipVerify() {
    return insecureSkipVerify != null && insecureSkipVerify;
  }

  @Override
  public String toString() {
    return "TlsConfig[caFile=" + caFile + ", certFile=" + certFile + ", serverName=" + serverName
        + ", insecureSkipVerify=" + skipVerify() + "]";
  }
}
