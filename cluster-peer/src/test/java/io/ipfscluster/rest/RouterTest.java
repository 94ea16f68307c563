package io.ipfscluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final Endpoint pin = exchange -> {};
  private final Endpoint pinPath = exchange -> {};
  private final Endpoint list = exchange -> {};
  private final Endpoint version = exchange -> {};

  private final Router router =
      new Router()
          .add("GET", "/version", version)
          .add("POST", "/pins/{keyType:ipfs|ipns|ipld}/{path:.*}", pinPath)
          .add("POST", "/pins/{hash}", pin)
          .add("GET", "/pins", list);

  @Test
  void match_firstMatchingRouteWins_withItsVariables() {
    assertThat(router.match("POST", "/pins/ipfs/Qm1/a/b"))
        .isEqualTo(
            new Router.Found(
                pinPath,
                Map.of("keyType", "ipfs", "path", "Qm1/a/b"),
                "/pins/{keyType:ipfs|ipns|ipld}/{path:.*}"));
    assertThat(router.match("POST", "/pins/Qm1"))
        .isEqualTo(new Router.Found(pin, Map.of("hash", "Qm1"), "/pins/{hash}"));
    assertThat(router.match("GET", "/version"))
        .isEqualTo(new Router.Found(version, Map.of(), "/version"));
  }

  @Test
  void match_pathOfAnotherMethod_isMethodNotAllowed() {
    assertThat(router.match("DELETE", "/pins")).isInstanceOf(Router.MethodNotAllowed.class);
    assertThat(router.match("GET", "/pins/Qm1")).isInstanceOf(Router.MethodNotAllowed.class);
  }

  @Test
  void match_unknownPaths_areNotFound() {
    assertThat(router.match("GET", "/versions")).isInstanceOf(Router.NotFound.class);
    assertThat(router.match("GET", "/pin")).isInstanceOf(Router.NotFound.class);
    assertThat(router.match("POST", "/pins/a/b")).isInstanceOf(Router.NotFound.class);
    assertThat(router.match("GET", "/")).isInstanceOf(Router.NotFound.class);
  }
}
