/** The cluster peer: configuration, identity, datastore, state and the daemon's components. */
package io.ipfscluster;
