/**
 * The v1 JSON of the domain types, byte-compatible with the original: field names and order, {@code
 * null} versus {@code []}, Go's zero time and RFC 3339 nanosecond times. {@link
 * io.ipfscluster.api.json.ClusterJson} gives the configured Jackson mapper; hot paths (pinset
 * export and import) use the streaming codecs such as {@link io.ipfscluster.api.json.PinJson}
 * directly.
 */
package io.ipfscluster.api.json;
