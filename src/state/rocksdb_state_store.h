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
// A store reads the working instance at its version; its updates go to a WriteBatchWithIndex
// (get() and forEach() see them merged over the instance), so abort() just drops the batch.
// commit() writes the batch without WAL, flushes and checkpoints the instance as version + 1.
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
