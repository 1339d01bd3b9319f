#pragma once

// Spark's hash functions bit for bit: Murmur3_x86_32 (hash(), shuffle partitioning) with its
// legacy tail handling (trailing bytes mixed one at a time as sign-extended ints), and XXH64
// (xxhash64()). Values are hashed with Spark's per-type conventions: integers up to 32 bits as
// ints, longs/timestamps as longs, floats/doubles by their bits with -0.0 as 0, decimals of up to
// 18 digits by their unscaled long (else by BigInteger.toByteArray bytes), strings and binaries
// by their bytes, arrays/maps/structs element by element with the running hash as seed; NULL
// leaves the hash unchanged.

#include <cstddef>
#include <cstdint>

#include "vector/column.h"

namespace spate::spark_hash {

int32_t murmur3Int(int32_t value, int32_t seed);
int32_t murmur3Long(int64_t value, int32_t seed);
int32_t murmur3Bytes(const void* data, size_t length, int32_t seed);

int64_t xxhash64Int(int32_t value, int64_t seed);
int64_t xxhash64Long(int64_t value, int64_t seed);
int64_t xxhash64Bytes(const void* data, size_t length, int64_t seed);

/// hashes[i] = Spark's Murmur3 hash of `column` row i with seed hashes[i] (unchanged for NULL).
void murmur3Column(const Column& column, int32_t* hashes);
/// The same with XXH64.
void xxhash64Column(const Column& column, int64_t* hashes);

}  // namespace spate::spark_hash
