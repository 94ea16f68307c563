package io.ipfscluster.rest;

/**
 * What answers one route of the REST API: it reads the request from the {@link Exchange} and
 * answers through it. This is also how {@code POST /add} plugs in ({@link RestApi.Builder#add}).
 *
 * <p>Implementations are called concurrently, each call on its own virtual thread, and may block.
 */
@FunctionalInterface
public interface Endpoint {

  /**
   * Answers the request.
   *
   * @throws Exception answered as an error: a {@link io.ipfscluster.components.ClusterException} or
   *     any other exception with 404 when its message is {@code pin is not part of the pinset} and
   *     500 otherwise, as the original does
   */
  void handle(Exchange exchange) throws Exception;
}
