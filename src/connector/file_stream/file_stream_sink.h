#pragma once

// Spark's file sink (writeStream.format("json"|"csv"|"text").option("path", …)): each micro-batch
// writes part files into the directory and then records them in <path>/_spark_metadata/<batchId>,
// so that readers using the log see every batch exactly once.

#include <memory>

#include "connector/api/connector.h"

namespace spate::connector {

/// Checks the options, the output mode (append only) and the input schema, with Spark's messages.
void checkFileStreamSink(const ConnectorContext& context, OutputMode mode, const SchemaPtr& input);

/// A file sink for context.format; checks as checkFileStreamSink first.
/// A batch write (df.write.json/csv/text): one part file and _SUCCESS in the `path` directory.
Status writeFileBatch(const ConnectorContext& context, SaveMode mode, const SchemaPtr& schema,
                      const std::vector<BatchPtr>& rows);

std::unique_ptr<Sink> makeFileStreamSink(const ConnectorContext& context, OutputMode mode,
                                         const SchemaPtr& input);

}  // namespace spate::connector
