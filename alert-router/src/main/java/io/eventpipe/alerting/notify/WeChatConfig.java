package io.eventpipe.alerting.notify;

/**
 * {@code wechat_configs} as Alertmanager 0.25 has them: the WeChat Work API base URL (ending in "/"), the secret
 * and corp id (both templates, as 0.25 renders them), recipients, agent id and message (templates) and the
 * message type ({@code text} or {@code markdown}).
 */
public record WeChatConfig(String apiUrl, String apiSecret, String corpId, String message, String toUser,
    String toParty, String toTag, String agentId, String messageType, boolean sendResolved, HttpClientConfig http)
    implements IntegrationConfig {

  /** Alertmanager 0.25's default {@code global.wechat_api_url}. */
  public static final String DEFAULT_API_URL = "https://qyapi.weixin.qq.com/cgi-bin/";

  @Override
  public String type() {
    return "wechat";
  }

  @Override
  public String toString() {
    return "WeChatConfig[apiUrl=" + apiUrl + ", apiSecret=<secret>, corpId=" + corpId + ", messageType="
        + messageType + "]";
  }
}
