#pragma once

// Spark's HDFSBackedStateStoreProvider: the state of one store lives in a hash map in memory, and
// every committed version is durable as files in StateStoreId::directory():
//
//   <v>.delta              the changes that made version v (written by commit)
//   <v>.snapshot           every entry of version v (written by doMaintenance)
//   .<file>.<random>.tmp   a file being written, renamed into place when complete
//
// Both kinds are one LZ4 frame (lz4frame format, content checksum on) whose content is a sequence
// of records [keyLen int32][key][valueLen int32][value], with big-endian int32s like Java's
// DataOutputStream; valueLen = -1 marks a removed key (delta files only), and keyLen = -1 ends the
// sequence. Version 0 is the empty store and has no file. Version v loads from the newest
// snapshot <= v plus the deltas after it.
//
// The provider keeps the map of the last loaded or committed version. getStore(thatVersion) hands
// it to the new store, which updates it in place and keeps an undo log, so commit costs only the
// delta file and abort replays the log; any other version is read from the files.
//
// Thread safety: one store per provider at a time (one batch of one partition); doMaintenance()
// may run on another thread. A snapshot is written only while no store is being updated, and
// holds the provider's lock meanwhile (getStore waits for it).

#include <memory>

#include "state/state_store.h"

namespace spate::state {

std::unique_ptr<StateStoreProvider> makeHdfsStateStoreProvider(const StateStoreId& id,
                                                               const StateStoreConf& conf);

}  // namespace spate::state
