/**
 * The peer's configuration: {@code service.json} as the original writes it, one immutable record
 * per section ({@link io.ipfscluster.config.ClusterConfig}, {@link
 * io.ipfscluster.config.CrdtConfig}, {@link io.ipfscluster.config.HttpApiConfig} …) and {@link
 * io.ipfscluster.config.ServiceConfig} for the whole file, loaded as defaults → file → environment
 * ({@code CLUSTER_<KEY>_<FIELD>}) → validation. Every validation failure is a {@link
 * io.ipfscluster.config.ConfigException} naming the JSON path.
 */
package io.ipfscluster.config;
