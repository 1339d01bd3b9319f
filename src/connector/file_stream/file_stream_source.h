#pragma once

// Spark's file source (readStream.format("json"|"csv"|"text").load(dir)): each micro-batch reads
// the files that appeared in the directory since the previous one.

#include <memory>

#include "connector/api/connector.h"

namespace spate::connector {

/// The source's schema: the user's (forced nullable), `value STRING` for text, or inferred from
/// the files present when spark.sql.streaming.schemaInference is true. Throws Spark's errors for
/// a missing path or schema.
SchemaPtr fileStreamSourceSchema(const ConnectorContext& context);

/// A file source over the option "path" in format context.format, keeping its file log in
/// context.metadataPath. Throws IllegalArgumentException for invalid options.
std::unique_ptr<Source> makeFileStreamSource(const ConnectorContext& context);

}  // namespace spate::connector
