/**
 * The composition root: builds a cluster peer's components from its configuration folder, starts
 * them in order and closes them in reverse.
 */
package io.ipfscluster.peer;
