#include "function/ordering.h"

#include "common/error.h"

namespace spate {

namespace {

template <typename T>
int compareScalars(T x, T y) {
  return x < y ? -1 : x > y ? 1 : 0;
}

}  // namespace

int compareRows(const Column& a, int64_t i, const Column& b, int64_t j) {
  switch (a.typeId()) {
    case TypeId::kNull:
      return 0;
    case TypeId::kBoolean:
      return compareScalars(a.valueAt<uint8_t>(i) != 0, b.valueAt<uint8_t>(j) != 0);
    case TypeId::kByte:
      return compareScalars(a.valueAt<int8_t>(i), b.valueAt<int8_t>(j));
    case TypeId::kShort:
      return compareScalars(a.valueAt<int16_t>(i), b.valueAt<int16_t>(j));
    case TypeId::kInt:
    case TypeId::kDate:
      return compareScalars(a.valueAt<int32_t>(i), b.valueAt<int32_t>(j));
    case TypeId::kLong:
    case TypeId::kTimestamp:
      return compareScalars(a.valueAt<int64_t>(i), b.valueAt<int64_t>(j));
    case TypeId::kFloat:
      return compareDoubles(a.valueAt<float>(i), b.valueAt<float>(j));
    case TypeId::kDouble:
      return compareDoubles(a.valueAt<double>(i), b.valueAt<double>(j));
    case TypeId::kDecimal:
      return compareScalars(a.valueAt<Int128>(i), b.valueAt<Int128>(j));
    case TypeId::kString:
    case TypeId::kBinary:
      return compareBytes(a.stringAt(i), b.stringAt(j));
    case TypeId::kInterval: {
      Interval x = a.valueAt<Interval>(i), y = b.valueAt<Interval>(j);
      if (int c = compareScalars(x.months, y.months)) return c;
      if (int c = compareScalars(x.days, y.days)) return c;
      return compareScalars(x.micros, y.micros);
    }
    case TypeId::kArray: {
      const Column& ea = *a.child(0);
      const Column& eb = *b.child(0);
      int64_t sa = a.listStart(i), la = a.listLength(i);
      int64_t sb = b.listStart(j), lb = b.listLength(j);
      for (int64_t k = 0; k < std::min(la, lb); ++k) {
        bool na = ea.isNull(sa + k), nb = eb.isNull(sb + k);
        if (na && nb) continue;
        if (na) return -1;
        if (nb) return 1;
        if (int c = compareRows(ea, sa + k, eb, sb + k)) return c;
      }
      return compareScalars(la, lb);
    }
    case TypeId::kStruct: {
      for (size_t f = 0; f < a.numChildren(); ++f) {
        const Column& fa = *a.child(f);
        const Column& fb = *b.child(f);
        bool na = fa.isNull(i), nb = fb.isNull(j);
        if (na && nb) continue;
        if (na) return -1;
        if (nb) return 1;
        if (int c = compareRows(fa, i, fb, j)) return c;
      }
      return 0;
    }
    case TypeId::kMap: {
      // Not orderable in Spark; compared entry by entry so that equality checks stay total.
      int64_t sa = a.listStart(i), la = a.listLength(i);
      int64_t sb = b.listStart(j), lb = b.listLength(j);
      for (int64_t k = 0; k < std::min(la, lb); ++k) {
        for (size_t c = 0; c < 2; ++c) {
          const Column& ca = *a.child(c);
          const Column& cb = *b.child(c);
          bool na = ca.isNull(sa + k), nb = cb.isNull(sb + k);
          if (na && nb) continue;
          if (na) return -1;
          if (nb) return 1;
          if (int r = compareRows(ca, sa + k, cb, sb + k)) return r;
        }
      }
      return compareScalars(la, lb);
    }
  }
  throw InternalError("compareRows: unknown type");
}

bool isOrderable(const DataType& type) {
  switch (type.id()) {
    case TypeId::kMap:
    case TypeId::kInterval:
      return false;
    case TypeId::kArray:
      return isOrderable(*type.element());
    case TypeId::kStruct:
      for (const auto& f : type.fields())
        if (!isOrderable(*f.type)) return false;
      return true;
    default:
      return true;
  }
}

}  // namespace spate
