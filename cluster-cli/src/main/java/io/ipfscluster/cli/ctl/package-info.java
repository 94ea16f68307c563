/**
 * {@code ipfs-cluster-ctl}: the commands of the original's CLI (spec §7.2) over {@link
 * io.ipfscluster.client.ClusterClient}, with its text and JSON output, messages and exit codes.
 *
 * <p>{@link io.ipfscluster.cli.ctl.Ctl} is the root command and the one place that maps failures to
 * output and exit codes; the commands print through {@link io.ipfscluster.cli.ctl.Printer}, whose
 * text forms live in {@link io.ipfscluster.cli.ctl.TextFormat} and whose JSON is Go's {@code
 * json.MarshalIndent} ({@link io.ipfscluster.cli.ctl.GoJson}).
 */
package io.ipfscluster.cli.ctl;
