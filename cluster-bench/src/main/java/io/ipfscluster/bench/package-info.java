/** JMH benchmarks of the hot paths: CID codecs, Pin encoding, state put and list. */
package io.ipfscluster.bench;
