/**
 * The REST API v1 (spec §3.1–3.2): {@link io.ipfscluster.rest.RestApi} serves the original's
 * endpoints over a {@link io.ipfscluster.components.Cluster} with the same routes, parameters,
 * status codes, JSON bytes, NDJSON streams and trailers, auth and JWT, CORS, TLS and access log, so
 * that the original's clients and {@code ipfs-cluster-ctl} work against it unchanged.
 *
 * <p>Where it deliberately differs from the original:
 *
 * <ul>
 *   <li>A 400 for a bad parameter on the {@code {hash}} and path routes ends the request. The
 *       original writes the 400 and then runs the call anyway with the options parsed so far,
 *       appending its JSON after the error.
 *   <li>{@code POST /pins/{hash}} honours {@code mode} (the original forces recursive); the {@link
 *       io.ipfscluster.components.Cluster} decides the depth.
 *   <li>Stream items are flushed in 32 KiB chunks, and early when the source pauses for 2 ms; the
 *       original flushes after every item.
 *   <li>{@code GET /} answers the JSON 404; the original redirects it to itself.
 *   <li>{@code read_header_timeout} bounds the first request of a connection; later requests on a
 *       kept-alive connection are bounded by {@code idle_timeout}. {@code read_timeout} only stands
 *       in for a zero {@code read_header_timeout}, and {@code write_timeout} is not applied: a
 *       client that stops reading is dropped after {@code idle_timeout} without progress instead
 *       (the original waits for it forever when {@code write_timeout} is 0).
 *   <li>{@code POST /pins/{hash}} echoes the pin as the state holds it (empty metadata {@code
 *       null}, origins {@code []}); the original echoes the parsed options ({@code {}}, {@code
 *       null}).
 * </ul>
 *
 * <p>{@code POST /add} plugs in through {@link io.ipfscluster.rest.RestApi.Builder#add}: {@link
 * io.ipfscluster.rest.AddEndpoint} reads the multipart body part by part ({@link
 * io.ipfscluster.rest.MultipartEntries}) into the {@link io.ipfscluster.cluster.Adding} use case.
 * Unlike the original, parameters this peer cannot add with ({@code shard=true}, {@code nocopy}, an
 * unknown chunker or hash function, a CAR to wrap) are a 400 before anything is read, rather than
 * an error in the stream's trailer.
 */
package io.ipfscluster.rest;
