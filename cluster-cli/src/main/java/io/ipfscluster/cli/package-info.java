/**
 * The command-line programs: {@code ipfs-cluster-service} (init, daemon, state), {@code
 * ipfs-cluster-ctl} and {@code ipfs-cluster-follow}, with the original's commands, flags, messages
 * and exit codes.
 */
package io.ipfscluster.cli;
