/** Test doubles shared by the tests of several packages, such as a manual clock. */
package io.ipfscluster.testing;
