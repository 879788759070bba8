package io.eventpipe.producers.recorders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RouteTemplatesTest {

  @Test
  void replacesIdLikeSegments() {
    RouteTemplates routes = new RouteTemplates();
    assertThat(routes.template("/users/123")).isEqualTo("/users/{id}");
    assertThat(routes.template("/users/123/images/9?size=large#top")).isEqualTo("/users/{id}/images/{id}");
    assertThat(routes.template("/jobs/3f2b8c1e-9a4d-4c2b-8f1e-2d3c4b5a6978")).isEqualTo("/jobs/{uuid}");
    assertThat(routes.template("/blobs/4bf92f3577b34da6a3ce929d0e0e4736")).isEqualTo("/blobs/{token}");
    assertThat(routes.template("/reset/eyJhbGciOiJIUzI1NiJ9abc123XYZ")).isEqualTo("/reset/{token}");
    assertThat(routes.template("/v1/models")).isEqualTo("/v1/models");
    assertThat(routes.template("//v1//models/")).isEqualTo("/v1/models");
    assertThat(routes.template("/")).isEqualTo("/");
    assertThat(routes.template(null)).isEqualTo("/");
    // Short words, even with digits, are route names, not ids.
    assertThat(routes.template("/v2/health")).isEqualTo("/v2/health");
  }

  @Test
  void registeredTemplatesWinAndMostSpecificFirst() {
    RouteTemplates routes = new RouteTemplates()
        .register("/users/{user}")
        .register("/users/me")
        .register("/files/{name}");
    assertThat(routes.template("/users/42")).isEqualTo("/users/{user}");
    assertThat(routes.template("/users/me")).isEqualTo("/users/me");
    assertThat(routes.template("/files/report.pdf")).isEqualTo("/files/{name}");
    assertThat(routes.derivedCount()).isZero();
    assertThatThrownBy(() -> routes.register("users")).hasMessageContaining("template: must start with '/'");
  }

  @Test
  void cardinalityCapCollapsesNewTemplatesIntoOther() {
    RouteTemplates routes = new RouteTemplates(3).register("/health");
    assertThat(routes.template("/a/1")).isEqualTo("/a/{id}");
    assertThat(routes.template("/b")).isEqualTo("/b");
    assertThat(routes.template("/c")).isEqualTo("/c");
    // A client probing random words would otherwise create one label value per request.
    assertThat(routes.template("/d")).isEqualTo(RouteTemplates.OTHER);
    assertThat(routes.template("/wp-admin/setup.php")).isEqualTo(RouteTemplates.OTHER);
    assertThat(routes.template("/a/77")).isEqualTo("/a/{id}");
    assertThat(routes.template("/health")).isEqualTo("/health");
    assertThat(routes.admitFrameworkRoute("/frameworks/{x}")).isEqualTo(RouteTemplates.OTHER);
    assertThat(routes.derivedCount()).isEqualTo(3);
    for (int i = 0; i < 10_000; i++) {
      routes.template("/random-" + i);
    }
    assertThat(routes.derivedCount()).isEqualTo(3);
  }
}
