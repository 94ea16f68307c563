/**
 * The pinset state: {@link io.ipfscluster.state.State} and its datastore implementation, the
 * original's protobuf encoding of pins ({@link io.ipfscluster.state.PinCodec}), and NDJSON export
 * and import ({@link io.ipfscluster.state.StateExport}).
 */
package io.ipfscluster.state;
