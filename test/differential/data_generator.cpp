#include "data_generator.h"

#include <cstdio>
#include <stdexcept>

#include "common/time.h"
#include "random.h"

namespace spate::differential {

namespace {

constexpr int kDimensionRows = 60;

// Strings chosen for LIKE and ordering: shared prefixes and suffixes, upper-case initials (they
// sort before lower case in byte order), the empty string, and LIKE's metacharacters as plain data.
const std::vector<std::string> kWords = {
    "apple", "apricot",   "banana",    "blueberry", "cherry", "date",   "elderberry",
    "fig",   "grape",     "Guava",     "kiwi",      "lemon",  "lime",   "mango",
    "melon", "nectarine", "olive",     "orange",    "papaya", "peach",  "pear",
    "plum",  "Quince",    "raspberry", "",          "a_b",    "50%off", "x y"};
// Multi-byte characters: lengths, positions, padding, reversal, case mapping and byte order.
const std::vector<std::string> kNonAsciiWords = {"café", "naïve", "Ölberg", "日本語", "über"};
const std::vector<std::string> kGroups = {"alpha", "beta", "gamma", "delta", "Epsilon"};
const std::vector<std::string> kNames = {"red",     "green",  "blue",  "cyan",
                                         "magenta", "yellow", "black", "white"};

Value orNull(Random& rnd, double nullChance, Value v) {
  return rnd.chance(nullChance) ? Value::null() : std::move(v);
}

std::string quoteString(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string postgresLiteral(const Value& v, const DataType& type) {
  if (v.isNull()) return "NULL";
  char buf[64];
  switch (type.id()) {
    case TypeId::kBoolean:
      return v.asBool() ? "TRUE" : "FALSE";
    case TypeId::kInt:
    case TypeId::kLong:
      return std::to_string(v.asLong());
    case TypeId::kDouble:
      // 17 significant digits: PostgreSQL reads back exactly the double Spate holds.
      std::snprintf(buf, sizeof buf, "%.17g", v.asDouble());
      return buf;
    case TypeId::kDecimal:
      return formatDecimal(v.asDecimal(), type.scale());
    case TypeId::kString:
      return quoteString(v.asString());
    case TypeId::kDate:
      return "DATE '" + formatDate(static_cast<int32_t>(v.asLong())) + "'";
    case TypeId::kTimestamp:
      return "TIMESTAMP '" + formatLocalTimestamp(v.asLong()) + "'";
    default:
      throw std::runtime_error("no PostgreSQL literal for type " + type.sql());
  }
}

}  // namespace

SchemaPtr GeneratedTable::schema() const {
  std::vector<StructField> fields;
  for (const auto& c : columns) fields.push_back({c.name, c.type, true});
  return DataType::structType(std::move(fields));
}

std::vector<GeneratedTable> generateTables(uint64_t seed, const DataOptions& options) {
  Random rnd(seed);
  std::vector<std::string> words = kWords;
  if (options.nonAsciiText) words.insert(words.end(), kNonAsciiWords.begin(), kNonAsciiWords.end());
  // An explicit collation so PostgreSQL compares strings by bytes, as Spark does, whatever the
  // database's locale.
  const std::string text = "text COLLATE \"" + options.textCollation + "\"";
  const int64_t epochDay = daysFromCivil(2024, 1, 1);
  const int64_t epochMicros = epochDay * 86400LL * 1000000LL;

  GeneratedTable t1{"t1",
                    {{"id", DataType::integer(), "integer"},
                     {"g", DataType::string(), text},
                     {"k", DataType::integer(), "integer"},
                     {"n", DataType::integer(), "integer"},
                     {"x", DataType::doubleType(), "double precision"},
                     {"y", DataType::longType(), "bigint"},
                     {"s", DataType::string(), text},
                     {"b", DataType::boolean(), "boolean"},
                     {"d", DataType::date(), "date"},
                     {"ts", DataType::timestamp(), "timestamp"},
                     {"z", DataType::decimal(10, 2), "numeric(10, 2)"}},
                    {}};
  // A few repeated doubles and longs give ties for ORDER BY and real work for DISTINCT.
  // -0.0 must group, compare and count as 0.0 (Spark normalizes it; PostgreSQL's -0 = 0).
  const std::vector<double> commonX = {0.0, -0.0, 1.5, -2.25, 100.0, 12.34};
  const std::vector<int64_t> commonY = {0, 42, 1000, -7};
  for (int id = 1; id <= options.factRows; ++id) {
    double x = rnd.chance(0.15) ? rnd.pick(commonX)
                                : static_cast<double>(rnd.range(-50000, 50000)) / 100.0;
    int64_t y = rnd.chance(0.15) ? rnd.pick(commonY) : rnd.range(-100000, 1000000);
    // Whole seconds mostly; some rows carry milliseconds to exercise fractional rendering.
    int64_t ts = epochMicros + rnd.range(0, 60LL * 86400) * 1000000LL +
                 (rnd.chance(0.2) ? rnd.range(1, 999) * 1000LL : 0);
    t1.rows.push_back(
        {Value(id), orNull(rnd, 0.06, Value(rnd.pick(kGroups))),
         orNull(rnd, 0.10, Value(static_cast<int>(rnd.range(0, 19)))),
         orNull(rnd, 0.08, Value(static_cast<int>(rnd.range(-6, 6)))), orNull(rnd, 0.10, Value(x)),
         orNull(rnd, 0.10, Value(y)), orNull(rnd, 0.15, Value(rnd.pick(words))),
         orNull(rnd, 0.10, Value(rnd.chance(0.5))),
         orNull(rnd, 0.08, Value(epochDay + rnd.range(0, 120))), orNull(rnd, 0.08, Value(ts)),
         orNull(rnd, 0.10, Value(Int128{rnd.range(-500000, 500000)}))});
  }

  // Keys 0..24 against t1's 0..19: duplicates, keys without a partner on either side, and NULLs.
  GeneratedTable t2{"t2",
                    {{"k", DataType::integer(), "integer"},
                     {"name", DataType::string(), text},
                     {"w", DataType::doubleType(), "double precision"},
                     {"qty", DataType::integer(), "integer"}},
                    {}};
  for (int i = 0; i < kDimensionRows; ++i) {
    t2.rows.push_back({orNull(rnd, 0.08, Value(static_cast<int>(rnd.range(0, 24)))),
                       orNull(rnd, 0.05, Value(rnd.pick(kNames))),
                       orNull(rnd, 0.10, Value(static_cast<double>(rnd.range(0, 10000)) / 100.0)),
                       orNull(rnd, 0.05, Value(static_cast<int>(rnd.range(1, 50))))});
  }

  // Fixed: a duplicate key (beta), a key absent from t1 (zeta), one t1 group missing (delta,
  // Epsilon), and a NULL key that must never match.
  GeneratedTable t3{"t3",
                    {{"g", DataType::string(), text},
                     {"label", DataType::string(), text},
                     {"weight", DataType::integer(), "integer"}},
                    {{Value("alpha"), Value("first"), Value(10)},
                     {Value("beta"), Value("second"), Value(20)},
                     {Value("gamma"), Value("third"), Value::null()},
                     {Value("zeta"), Value("none"), Value(5)},
                     {Value::null(), Value("nullg"), Value(1)},
                     {Value("beta"), Value("again"), Value(7)}}};
  return {std::move(t1), std::move(t2), std::move(t3)};
}

std::vector<std::string> postgresLoadStatements(const GeneratedTable& table) {
  std::vector<std::string> out;
  out.push_back("DROP TABLE IF EXISTS " + table.name);
  std::string create = "CREATE TABLE " + table.name + " (";
  for (size_t i = 0; i < table.columns.size(); ++i)
    create += (i ? ", " : "") + table.columns[i].name + " " + table.columns[i].postgresType;
  out.push_back(create + ")");
  std::string insert = "INSERT INTO " + table.name + " VALUES ";
  for (size_t r = 0; r < table.rows.size(); ++r) {
    insert += r ? ",\n(" : "(";
    for (size_t c = 0; c < table.columns.size(); ++c)
      insert += (c ? ", " : "") + postgresLiteral(table.rows[r][c], *table.columns[c].type);
    insert += ")";
  }
  if (!table.rows.empty()) out.push_back(insert);
  return out;
}

}  // namespace spate::differential
