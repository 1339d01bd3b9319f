#pragma once

// Spark's RocksDBStateStoreProvider: state larger than memory, kept in a RocksDB instance.
//
// Layout in StateStoreId::directory():
//
//   rocksdb-working-<pid>-<n>/     the provider's working instance (a cache: rebuilt from a
//                                  checkpoint when needed, deleted when the provider goes away)
//   <v>.checkpoint/                version v, a RocksDB checkpoint (hard-linked SST files plus
//                                  copied CURRENT/MANIFEST/OPTIONS), complete once renamed here
//   .<v>.checkpoint.<random>.tmp   a checkpoint being written or replaced
//
// Version 0 is the empty store and has no checkpoint. Entries live in the default column family;
// the "spate_meta" column family holds the exact key count ("numKeys") of the version.
//
// A store reads the working instance at its version; its updates stay in a hash map (get() and
// forEach() see them over the instance), so abort() just drops them. commit() writes them as one
// batch without WAL, flushes and checkpoints the instance as version + 1. The exact key count
// costs a point lookup per put/remove of a key the batch has not touched yet (Spark does the
// same); a Bloom filter keeps it cheap for new keys. Values returned by get() are held by the
// store until its next put/remove (the views must stay valid until then).
// getStore(v) for a version other than the working one rebuilds the working instance from v's
// checkpoint. doMaintenance() deletes checkpoints beyond the newest minVersionsToRetain.
//
// Thread safety as for the in-memory provider: one store at a time; maintenance may run on
// another thread.

#include <memory>

#include "state/state_store.h"

namespace spate::state {

std::unique_ptr<StateStoreProvider> makeRocksDbStateStoreProvider(const StateStoreId& id,
                                                                  const StateStoreConf& conf);

}  // namespace spate::state
