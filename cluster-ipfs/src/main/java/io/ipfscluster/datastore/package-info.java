/**
 * The peer's ordered key-value store: one {@link io.ipfscluster.datastore.Datastore} per peer, kept
 * on disk by {@link io.ipfscluster.datastore.RocksDbDatastore} and in memory by {@link
 * io.ipfscluster.datastore.MemoryDatastore} for tests.
 *
 * <p>Keys and values are byte arrays; keys sort as unsigned bytes, lexicographically (so {@code
 * 0xFF} sorts after {@code 0x00}, and a key sorts right after its own prefixes). Components get
 * their own key space through {@link io.ipfscluster.datastore.Datastore#namespace(byte[])}; the
 * prefixes in use are listed in {@link io.ipfscluster.datastore.KeySpace}.
 *
 * <p>Durability in one line: single {@code put}/{@code delete}/{@code deletePrefix} calls are on
 * disk when they return; a {@link io.ipfscluster.datastore.Batch} is atomic and is on disk when
 * {@code commit(true)} returns, so grouping many writes into one batch pays for one fsync.
 *
 * <p>Failures of the store itself (I/O errors, a full disk, corruption) surface as the unchecked
 * {@link io.ipfscluster.datastore.DatastoreException}; using a closed store is a programming error
 * and throws {@link java.lang.IllegalStateException}.
 */
package io.ipfscluster.datastore;
