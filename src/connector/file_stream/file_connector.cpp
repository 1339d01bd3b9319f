// Registers the file formats as streaming sources and sinks.
#include "connector/file_stream/file_stream_sink.h"
#include "connector/file_stream/file_stream_source.h"

namespace spate::connector {

void registerFileConnector(ConnectorRegistry& registry) {
  for (const char* format : {"json", "csv", "text"}) {
    registry.addSource(format, {fileStreamSourceSchema, makeFileStreamSource});
    registry.addSink(format, {checkFileStreamSink, makeFileStreamSink});
    registry.addBatchSink(format, {writeFileBatch});
  }
}

}  // namespace spate::connector
