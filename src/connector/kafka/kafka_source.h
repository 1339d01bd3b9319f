#pragma once

// Spark's Kafka source (`readStream.format("kafka")`, KafkaMicroBatchStream) and batch reads
// (`read.format("kafka")`, KafkaRelation). Offsets are {"topic":{"partition":nextOffset}} JSON
// in the checkpoint's offset log; a batch reads exactly the records between two such offsets, so
// a replay after a failure or restart gives the same rows. The offsets a new query starts from
// are kept in <checkpoint>/sources/<i>/0 as Spark keeps them.

#include <memory>
#include <vector>

#include "connector/api/connector.h"

namespace spate::connector::kafka {

/// readStream.load(): validates the options (Spark's texts) and returns the fixed schema.
SchemaPtr streamSourceSchema(const ConnectorContext& context);
/// Creates the source when a query starts.
std::unique_ptr<Source> makeStreamSource(const ConnectorContext& context);

/// read.load() / CREATE TABLE … USING kafka: validates the batch options, returns the schema.
SchemaPtr batchSourceSchema(const ConnectorContext& context);
/// Reads startingOffsets (earliest by default) to endingOffsets (latest by default).
Result<std::vector<BatchPtr>> readBatch(const ConnectorContext& context);

}  // namespace spate::connector::kafka
