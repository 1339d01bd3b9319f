// The state schema file of a stateful operator (Spark's StateSchemaCompatibilityChecker):
// <checkpoint>/state/<operatorId>/_metadata/schema holds the key and value schemas the state was
// written with. A restarted query whose operator would read the state with other types (changed
// grouping keys or aggregates) fails with Spark's message instead of misreading bytes.
#include <fstream>
#include <sstream>

#include "common/error.h"
#include "execution/stateful_operator.h"
#include "state/state_files.h"

namespace spate {

namespace {

// Field names may change (Spark allows it); the number of fields and their types may not.
std::string typesOnly(const DataType& schema) {
  std::string out;
  for (const auto& f : schema.fields()) out += f.type->simpleString() + ";";
  return out;
}

}  // namespace

void validateStateSchema(const StateConfig& config, int64_t operatorId, const TypePtr& keySchema,
                         const TypePtr& valueSchema) {
  std::string dir = config.checkpointLocation + "/state/" + std::to_string(operatorId) + "/_metadata";
  std::string path = dir + "/schema";
  std::ifstream in(path);
  if (in) {
    std::string version, key, value;
    std::getline(in, version);
    std::getline(in, key);
    std::getline(in, value);
    TypePtr existingKey, existingValue;
    try {
      existingKey = typeFromJson(key);
      existingValue = typeFromJson(value);
    } catch (const std::exception& e) {
      throw ExecutionException("Corrupt state schema file " + path + ": " + e.what());
    }
    if (typesOnly(*existingKey) == typesOnly(*keySchema) && typesOnly(*existingValue) == typesOnly(*valueSchema))
      return;
    throw AnalysisException(
        "Provided schema doesn't match to the schema for existing state! Please note that Spark allow difference "
        "of field name: check count of fields and data type of each field.\n- Provided key schema: " +
        keySchema->simpleString() + "\n- Provided value schema: " + valueSchema->simpleString() +
        "\n- Existing key schema: " + existingKey->simpleString() + "\n- Existing value schema: " +
        existingValue->simpleString() +
        "\nIf you want to force running query without schema validation, please set "
        "spark.sql.streaming.stateStore.stateSchemaCheck to false.\nPlease note running query with incompatible "
        "schema could cause indeterministic behavior.");
  }
  if (Status s = state::ensureDirectory(dir); !s.ok()) throw ExecutionException(s.error().message);
  auto writer = state::AtomicFileWriter::open(path);
  if (!writer.ok()) throw ExecutionException(writer.error().message);
  std::string text = "v2\n" + typeToJson(*keySchema) + "\n" + typeToJson(*valueSchema) + "\n";
  if (Status s = (*writer)->write(text); !s.ok()) throw ExecutionException(s.error().message);
  if (Status s = (*writer)->commit(); !s.ok()) throw ExecutionException(s.error().message);
}

}  // namespace spate
