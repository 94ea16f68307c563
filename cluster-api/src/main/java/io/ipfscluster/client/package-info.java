/**
 * The Java client of a cluster peer's REST API v1 ({@link io.ipfscluster.client.ClusterClient}),
 * which {@code ipfs-cluster-ctl} uses.
 *
 * <p>It speaks HTTP/1.1 itself, over TCP, TLS or a Unix domain socket, rather than through {@code
 * java.net.http.HttpClient}: the API reports errors met half-way through a stream in the {@code
 * X-Stream-Error} HTTP trailer, which {@code HttpClient} reads and drops. Owning the exchange also
 * makes {@code /unix/} hosts possible, lets the request body of {@code /add} stream while its
 * answer streams back, and keeps a short command's start-up cheap. Only Jackson and the JDK are
 * needed.
 *
 * <p>Errors form one sealed family, {@link io.ipfscluster.client.ClientException}: the API answered
 * with an error ({@link io.ipfscluster.client.ApiException}, which carries the HTTP status code and
 * the message of the API's {@code {"code","message"}}), the peer could not be reached or the
 * exchange broke ({@link io.ipfscluster.client.TransportException}), or the request outlived its
 * timeout ({@link io.ipfscluster.client.RequestTimeoutException}).
 */
package io.ipfscluster.client;
