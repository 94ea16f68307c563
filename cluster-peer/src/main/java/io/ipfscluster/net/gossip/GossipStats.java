package io.ipfscluster.net.gossip;

/**
 * Counters of one router since it started, for benchmarks and metrics. Immutable.
 *
 * @param framesSent frames handed to the transport and accepted by it
 * @param messagesSent messages in those frames (one message to two peers counts twice)
 * @param framesDropped frames dropped: received oversized or malformed, or refused by the transport
 * @param messagesDelivered messages handed to this peer's handlers
 * @param duplicates received messages already seen
 * @param messagesRejected received messages with a bad signature or rejected by a validator
 * @param messagesIgnored received messages a validator ignored
 */
public record GossipStats(
    long framesSent,
    long messagesSent,
    long framesDropped,
    long messagesDelivered,
    long duplicates,
    long messagesRejected,
    long messagesIgnored) {}
