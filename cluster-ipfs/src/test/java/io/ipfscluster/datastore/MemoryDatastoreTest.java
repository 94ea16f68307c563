package io.ipfscluster.datastore;

/** Runs the {@link DatastoreContract} against {@link MemoryDatastore}. */
class MemoryDatastoreTest extends DatastoreContract {

  @Override
  protected Datastore newDatastore() {
    return new MemoryDatastore();
  }
}
