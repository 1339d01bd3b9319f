#include "connector/jdbc/postgres_copy.h"

#include <cstring>

#include "common/error.h"
#include "connector/jdbc/postgres_types.h"
#include "vector/json_writer.h"

namespace spate::connector::jdbc {

namespace {

// PostgreSQL's epoch is 2000-01-01: days and microseconds are counted from there.
constexpr int32_t kPostgresEpochDays = 10957;
constexpr int64_t kPostgresEpochMicros = int64_t{kPostgresEpochDays} * kMicrosPerDay;
constexpr char kSignature[] = "PGCOPY\n\377\r\n";  // 11 bytes with the trailing NUL

inline uint8_t* put16(uint8_t* p, uint16_t v) {
  v = __builtin_bswap16(v);
  std::memcpy(p, &v, 2);
  return p + 2;
}
inline uint8_t* put32(uint8_t* p, uint32_t v) {
  v = __builtin_bswap32(v);
  std::memcpy(p, &v, 4);
  return p + 4;
}
inline uint8_t* put64(uint8_t* p, uint64_t v) {
  v = __builtin_bswap64(v);
  std::memcpy(p, &v, 8);
  return p + 8;
}
inline void push16(Buffer& out, uint16_t v) { out.push(__builtin_bswap16(v)); }
inline void push32(Buffer& out, uint32_t v) { out.push(__builtin_bswap32(v)); }
inline void push64(Buffer& out, uint64_t v) { out.push(__builtin_bswap64(v)); }

uint32_t floatBits(float f) {
  uint32_t v;
  std::memcpy(&v, &f, 4);
  return v;
}
uint64_t doubleBits(double d) {
  uint64_t v;
  std::memcpy(&v, &d, 8);
  return v;
}

// Writes the decimal digits of v (no leading zeros; "" for 0) at the end of `digits`.
void appendDigits(uint64_t v, char* buffer, int& length) {
  char tmp[20];
  int n = 0;
  while (v) {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  while (n) buffer[length++] = tmp[--n];
}

}  // namespace

PostgresCopyEncoder::PostgresCopyEncoder(std::vector<TypePtr> types, TimeZonePtr zone,
                                         bool rowNumbers)
    : zone_(zone ? std::move(zone) : TimeZone::utc()), rowNumbers_(rowNumbers) {
  for (auto& type : types) {
    ColumnPlan plan;
    switch (type->id()) {
      case TypeId::kBoolean:
        plan.kind = Kind::kBool;
        break;
      case TypeId::kByte:
        plan.kind = Kind::kByte;
        break;
      case TypeId::kShort:
        plan.kind = Kind::kInt2;
        break;
      case TypeId::kInt:
        plan.kind = Kind::kInt4;
        break;
      case TypeId::kLong:
        plan.kind = Kind::kInt8;
        break;
      case TypeId::kFloat:
        plan.kind = Kind::kFloat4;
        break;
      case TypeId::kDouble:
        plan.kind = Kind::kFloat8;
        break;
      case TypeId::kDate:
        plan.kind = Kind::kDate;
        break;
      case TypeId::kTimestamp:
        plan.kind = Kind::kTimestamp;
        break;
      case TypeId::kInterval:
        plan.kind = Kind::kInterval;
        break;
      case TypeId::kString:
      case TypeId::kBinary:
        plan.kind = Kind::kText;
        break;
      case TypeId::kDecimal:
        plan.kind = Kind::kScratch;
        break;
      case TypeId::kArray:
      case TypeId::kMap:
      case TypeId::kStruct:
        plan.kind = Kind::kScratch;
        if (postgresTypeOid(*type) == pg_oid::kJsonb)
          plan.json = std::make_unique<JsonWriter>(type, JsonOptions{}, zone_);
        break;
      case TypeId::kNull:
        throw IllegalArgumentException("Can't get JDBC type for void.");
    }
    plan.type = std::move(type);
    columns_.push_back(std::move(plan));
  }
}

PostgresCopyEncoder::~PostgresCopyEncoder() = default;

void PostgresCopyEncoder::appendHeader(Buffer& out) {
  out.append(kSignature, 11);
  push32(out, 0);  // flags: no OIDs
  push32(out, 0);  // header extension length
}

void PostgresCopyEncoder::appendTrailer(Buffer& out) { push16(out, 0xFFFF); }

void PostgresCopyEncoder::appendNumeric(Int128 unscaled, int scale, Buffer& out) {
  bool negative = unscaled < 0;
  unsigned __int128 magnitude =
      negative ? static_cast<unsigned __int128>(-(unscaled + 1)) + 1 : unscaled;
  // Decimal digits of the magnitude: two 64-bit halves in base 10^19 keep the 128-bit division
  // to one.
  constexpr uint64_t kTen19 = 10'000'000'000'000'000'000ULL;
  char digits[48];
  int length = 0;
  uint64_t high = static_cast<uint64_t>(magnitude / kTen19);
  uint64_t low = static_cast<uint64_t>(magnitude % kTen19);
  if (high) {
    appendDigits(high, digits, length);
    char tmp[20];
    int n = 0;
    for (int i = 0; i < 19; ++i) {
      tmp[n++] = static_cast<char>('0' + low % 10);
      low /= 10;
    }
    while (n) digits[length++] = tmp[--n];
  } else {
    appendDigits(low, digits, length);
  }
  // Base-10000 groups aligned on the decimal point: the integer part padded on the left to
  // whole groups, the fraction (`scale` digits) padded on the right.
  char padded[112];
  int p = 0;
  int intDigits = length > scale ? length - scale : 0;
  for (int k = 0; k < (4 - intDigits % 4) % 4; ++k) padded[p++] = '0';
  for (int k = 0; k < intDigits; ++k) padded[p++] = digits[k];
  int intGroups = p / 4;
  for (int k = length; k < scale; ++k) padded[p++] = '0';  // fraction's leading zeros
  for (int k = intDigits; k < length; ++k) padded[p++] = digits[k];
  while (p % 4) padded[p++] = '0';
  int16_t groups[28];
  int count = 0;
  for (int k = 0; k < p; k += 4)
    groups[count++] = static_cast<int16_t>((padded[k] - '0') * 1000 + (padded[k + 1] - '0') * 100 +
                                           (padded[k + 2] - '0') * 10 + (padded[k + 3] - '0'));
  int first = 0, last = count;
  int weight = intGroups - 1;
  while (first < last && groups[first] == 0) {
    ++first;
    --weight;
  }
  while (last > first && groups[last - 1] == 0) --last;
  int ndigits = last - first;
  if (ndigits == 0) weight = 0;
  push16(out, static_cast<uint16_t>(ndigits));
  push16(out, static_cast<uint16_t>(static_cast<int16_t>(weight)));
  push16(out, ndigits && negative ? 0x4000 : 0x0000);
  push16(out, static_cast<uint16_t>(scale));
  for (int g = first; g < last; ++g) push16(out, static_cast<uint16_t>(groups[g]));
}

void PostgresCopyEncoder::appendScalar(const DataType& type, const Column& column, int64_t i,
                                       Buffer& out) {
  switch (type.id()) {
    case TypeId::kBoolean:
      out.push(static_cast<uint8_t>(column.valueAt<uint8_t>(i) ? 1 : 0));
      break;
    case TypeId::kByte:
      push16(out, static_cast<uint16_t>(column.valueAt<int8_t>(i)));
      break;
    case TypeId::kShort:
      push16(out, static_cast<uint16_t>(column.valueAt<int16_t>(i)));
      break;
    case TypeId::kInt:
      push32(out, static_cast<uint32_t>(column.valueAt<int32_t>(i)));
      break;
    case TypeId::kLong:
      push64(out, static_cast<uint64_t>(column.valueAt<int64_t>(i)));
      break;
    case TypeId::kFloat:
      push32(out, floatBits(column.valueAt<float>(i)));
      break;
    case TypeId::kDouble:
      push64(out, doubleBits(column.valueAt<double>(i)));
      break;
    case TypeId::kDate:
      push32(out, static_cast<uint32_t>(column.valueAt<int32_t>(i) - kPostgresEpochDays));
      break;
    case TypeId::kTimestamp:
      push64(out, static_cast<uint64_t>(column.valueAt<int64_t>(i) - kPostgresEpochMicros));
      break;
    case TypeId::kInterval: {
      Interval v = column.valueAt<Interval>(i);
      push64(out, static_cast<uint64_t>(v.micros));
      push32(out, static_cast<uint32_t>(v.days));
      push32(out, static_cast<uint32_t>(v.months));
      break;
    }
    case TypeId::kDecimal:
      appendNumeric(column.valueAt<Int128>(i), type.scale(), out);
      break;
    case TypeId::kString:
    case TypeId::kBinary: {
      std::string_view s = column.stringAt(i);
      out.append(s.data(), s.size());
      break;
    }
    default:
      SPATE_CHECK(false, "not a scalar COPY type: " + type.simpleString());
  }
}

// int32 ndim, int32 has-nulls flag, element OID, then per dimension its size and lower bound (1),
// then the elements as length + value.
void PostgresCopyEncoder::appendArray(const DataType& type, const Column& column, int64_t i,
                                      Buffer& out) {
  const DataType& element = *type.element();
  const Column& values = *column.child(0);
  int64_t start = column.listStart(i), length = column.listLength(i);
  bool hasNulls = false;
  for (int64_t j = start; j < start + length; ++j) hasNulls |= values.isNull(j);
  push32(out, length ? 1 : 0);
  push32(out, hasNulls ? 1 : 0);
  push32(out, postgresTypeOid(element));
  if (length) {
    push32(out, static_cast<uint32_t>(length));
    push32(out, 1);
  }
  for (int64_t j = start; j < start + length; ++j) {
    if (values.isNull(j)) {
      push32(out, 0xFFFFFFFFu);
      continue;
    }
    size_t lengthAt = out.size();
    push32(out, 0);
    appendScalar(element, values, j, out);
    put32(out.data() + lengthAt, static_cast<uint32_t>(out.size() - lengthAt - 4));
  }
}

void PostgresCopyEncoder::encodeScratch(ColumnPlan& plan, const Column& column, int64_t begin,
                                        int64_t end) {
  plan.scratch.clear();
  plan.offsets.resize(end - begin + 1);
  plan.offsets[0] = 0;
  for (int64_t r = begin; r < end; ++r) {
    if (!column.isNull(r)) {
      if (plan.json) {
        // jsonb's binary format: a version byte, then the JSON text.
        jsonText_.clear();
        plan.json->write(column, r, jsonText_);
        plan.scratch.push(uint8_t{1});
        plan.scratch.append(jsonText_.data(), jsonText_.size());
      } else if (plan.type->id() == TypeId::kArray) {
        appendArray(*plan.type, column, r, plan.scratch);
      } else {
        appendNumeric(column.valueAt<Int128>(r), plan.type->scale(), plan.scratch);
      }
    }
    plan.offsets[r - begin + 1] = static_cast<int64_t>(plan.scratch.size());
  }
}

void PostgresCopyEncoder::encode(const Batch& batch, int64_t begin, int64_t end, Buffer& out,
                                 int64_t firstRowNumber) {
  SPATE_CHECK(!batch.hasSelection(), "COPY encoding needs a materialized batch");
  SPATE_CHECK(batch.numColumns() == columns_.size(), "COPY encoder: column count mismatch");
  const int64_t n = end - begin;
  if (n <= 0) return;
  const uint16_t fieldCount = static_cast<uint16_t>(columns_.size() + (rowNumbers_ ? 1 : 0));

  // Pass 1: the size of every row.
  cursor_.assign(n, 2 + (rowNumbers_ ? 12 : 0));
  int64_t* size = cursor_.data();
  for (size_t c = 0; c < columns_.size(); ++c) {
    ColumnPlan& plan = columns_[c];
    const Column& column = *batch.column(c);
    const uint64_t* validity = column.validityBits();
    int64_t width = 0;
    switch (plan.kind) {
      case Kind::kBool:
        width = 1;
        break;
      case Kind::kByte:
      case Kind::kInt2:
        width = 2;
        break;
      case Kind::kInt4:
      case Kind::kFloat4:
      case Kind::kDate:
        width = 4;
        break;
      case Kind::kInt8:
      case Kind::kFloat8:
      case Kind::kTimestamp:
        width = 8;
        break;
      case Kind::kInterval:
        width = 16;
        break;
      case Kind::kText: {
        const int32_t* offsets = column.offsets();
        for (int64_t r = 0; r < n; ++r) size[r] += 4 + offsets[begin + r + 1] - offsets[begin + r];
        break;  // a NULL string has an empty slot: length 0 added, as wanted
      }
      case Kind::kScratch: {
        encodeScratch(plan, column, begin, end);
        const int64_t* offsets = plan.offsets.data();
        for (int64_t r = 0; r < n; ++r) size[r] += 4 + offsets[r + 1] - offsets[r];
        break;
      }
    }
    if (width) {
      if (!validity) {
        for (int64_t r = 0; r < n; ++r) size[r] += 4 + width;
      } else {
        for (int64_t r = 0; r < n; ++r) size[r] += 4 + (testBit(validity, begin + r) ? width : 0);
      }
    }
  }

  // Row positions: turn sizes into start offsets, then write each row's field count.
  size_t base = out.size();
  int64_t total = 0;
  for (int64_t r = 0; r < n; ++r) {
    int64_t s = size[r];
    size[r] = total;
    total += s;
  }
  out.resize(base + total);
  uint8_t* data = out.data() + base;
  int64_t* cursor = cursor_.data();
  for (int64_t r = 0; r < n; ++r) {
    put16(data + cursor[r], fieldCount);
    cursor[r] += 2;
  }

  // Pass 2: each column writes its field into every row.
  for (size_t c = 0; c < columns_.size(); ++c) {
    ColumnPlan& plan = columns_[c];
    const Column& column = *batch.column(c);
    const uint64_t* validity = column.validityBits();
    auto isNull = [&](int64_t r) { return validity && !testBit(validity, begin + r); };
    // Writes `width` bytes produced by put(p, row) or a NULL into every row.
    auto fixed = [&](uint32_t width, auto put) {
      for (int64_t r = 0; r < n; ++r) {
        uint8_t* p = data + cursor[r];
        if (isNull(r)) {
          put32(p, 0xFFFFFFFFu);
          cursor[r] += 4;
        } else {
          put(put32(p, width), begin + r);
          cursor[r] += 4 + width;
        }
      }
    };
    switch (plan.kind) {
      case Kind::kBool: {
        const uint8_t* v = column.values<uint8_t>();
        fixed(1, [v](uint8_t* p, int64_t i) { *p = v[i] ? 1 : 0; });
        break;
      }
      case Kind::kByte: {
        const int8_t* v = column.values<int8_t>();
        fixed(2, [v](uint8_t* p, int64_t i) { put16(p, static_cast<uint16_t>(int16_t{v[i]})); });
        break;
      }
      case Kind::kInt2: {
        const int16_t* v = column.values<int16_t>();
        fixed(2, [v](uint8_t* p, int64_t i) { put16(p, static_cast<uint16_t>(v[i])); });
        break;
      }
      case Kind::kInt4: {
        const int32_t* v = column.values<int32_t>();
        fixed(4, [v](uint8_t* p, int64_t i) { put32(p, static_cast<uint32_t>(v[i])); });
        break;
      }
      case Kind::kInt8: {
        const int64_t* v = column.values<int64_t>();
        fixed(8, [v](uint8_t* p, int64_t i) { put64(p, static_cast<uint64_t>(v[i])); });
        break;
      }
      case Kind::kFloat4: {
        const float* v = column.values<float>();
        fixed(4, [v](uint8_t* p, int64_t i) { put32(p, floatBits(v[i])); });
        break;
      }
      case Kind::kFloat8: {
        const double* v = column.values<double>();
        fixed(8, [v](uint8_t* p, int64_t i) { put64(p, doubleBits(v[i])); });
        break;
      }
      case Kind::kDate: {
        const int32_t* v = column.values<int32_t>();
        fixed(4, [v](uint8_t* p, int64_t i) {
          put32(p, static_cast<uint32_t>(v[i] - kPostgresEpochDays));
        });
        break;
      }
      case Kind::kTimestamp: {
        const int64_t* v = column.values<int64_t>();
        fixed(8, [v](uint8_t* p, int64_t i) {
          put64(p, static_cast<uint64_t>(v[i] - kPostgresEpochMicros));
        });
        break;
      }
      case Kind::kInterval: {
        const Interval* v = column.values<Interval>();
        fixed(16, [v](uint8_t* p, int64_t i) {
          p = put64(p, static_cast<uint64_t>(v[i].micros));
          p = put32(p, static_cast<uint32_t>(v[i].days));
          put32(p, static_cast<uint32_t>(v[i].months));
        });
        break;
      }
      case Kind::kText: {
        const int32_t* offsets = column.offsets();
        const uint8_t* chars = column.charsBuffer().data();
        for (int64_t r = 0; r < n; ++r) {
          uint8_t* p = data + cursor[r];
          if (isNull(r)) {
            put32(p, 0xFFFFFFFFu);
            cursor[r] += 4;
            continue;
          }
          uint32_t length = static_cast<uint32_t>(offsets[begin + r + 1] - offsets[begin + r]);
          std::memcpy(put32(p, length), chars + offsets[begin + r], length);
          cursor[r] += 4 + length;
        }
        break;
      }
      case Kind::kScratch: {
        const int64_t* offsets = plan.offsets.data();
        const uint8_t* bytes = plan.scratch.data();
        for (int64_t r = 0; r < n; ++r) {
          uint8_t* p = data + cursor[r];
          if (isNull(r)) {
            put32(p, 0xFFFFFFFFu);
            cursor[r] += 4;
            continue;
          }
          uint32_t length = static_cast<uint32_t>(offsets[r + 1] - offsets[r]);
          std::memcpy(put32(p, length), bytes + offsets[r], length);
          cursor[r] += 4 + length;
        }
        break;
      }
    }
  }
  if (rowNumbers_) {
    for (int64_t r = 0; r < n; ++r)
      put64(put32(data + cursor[r], 8), static_cast<uint64_t>(firstRowNumber + r));
  }
}

}  // namespace spate::connector::jdbc
