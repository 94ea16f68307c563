/**
 * Benchmarks of the hot paths. JMH benchmarks: CID and peer ID codecs ({@code CidBench}, {@code
 * PeerIdBench}), the protobuf and JSON of pins ({@code PinCodecBench}, {@code PinJsonBench}), state
 * writes and listing on RocksDB ({@code StatePutBench}, {@code StateListBench}), all over realistic
 * pins ({@code SamplePins}); {@code CpuTimeProfiler} adds CPU time per operation to their scores.
 * The load tool {@code StateBench} imports, exports, lists and sizes a pinset of a million pins.
 * {@code CrdtImportBench} times a CRDT peer's {@code state import} into an empty folder and over an
 * existing state. {@code BENCHMARKS.md} at the repository root says how to run them and what they
 * measured.
 */
package io.ipfscluster.bench;
