// collect_list / array_agg and collect_set: the non-NULL values of a group as an array.
#include "common/error.h"
#include "function/aggregate_kernel.h"
#include "function/value_codec.h"

namespace spate::agg {

namespace {

/// The values, encoded (value_codec.h); allocated on the first value so init() stays free.
template <typename Store>
struct CollectState {
  std::unique_ptr<Store> values;
  Store& ensure() {
    if (!values) values = std::make_unique<Store>();
    return *values;
  }
};

/// collect_list (Store = EncodedValues, every value in input order) or collect_set (Store =
/// KeySet, first occurrences in input order; floating point compared as Spark groups it).
template <typename Store>
class CollectKernel final : public StateKernel<CollectState<Store>> {
  using Base = StateKernel<CollectState<Store>>;
  static constexpr bool kSet = std::is_same_v<Store, KeySet>;

 public:
  explicit CollectKernel(TypePtr elementType) : elementType_(std::move(elementType)) {}

  void update(uint8_t* const* states, std::span<const ColumnPtr> args, const uint32_t* rowIndex,
              int64_t rows) const override {
    const Column& c = *args[0];
    std::string scratch;
    forEachValid(c, rowIndex, rows, [&](int64_t i, uint32_t row) {
      scratch.clear();
      encodeValue(c, row, kSet, scratch);
      add(Base::get(states[i]).ensure(), scratch);
    });
  }
  void merge(uint8_t* into, const uint8_t* from) const override {
    const auto& f = Base::get(from);
    if (!f.values) return;
    Store& s = Base::get(into).ensure();
    for (size_t k = 0; k < f.values->size(); ++k) add(s, (*f.values)[k]);
  }
  void finalize(const uint8_t* state, ColumnBuilder& out) const override {
    const auto& s = Base::get(state);
    if (s.values) {
      for (size_t k = 0; k < s.values->size(); ++k) {
        size_t pos = 0;
        decodeValue((*s.values)[k], pos, out.child(0));
      }
    }
    out.endList();
  }
  TypePtr bufferType() const override { return DataType::array(elementType_, false); }
  Value serialize(const uint8_t* state) const override {
    const auto& s = Base::get(state);
    ValueList list;
    if (s.values) {
      list.reserve(s.values->size());
      for (size_t k = 0; k < s.values->size(); ++k) {
        size_t pos = 0;
        list.push_back(decodeValue((*s.values)[k], pos, *elementType_));
      }
    }
    return Value(std::move(list));
  }
  void deserialize(const Value& buffer, uint8_t* state) const override {
    auto& s = Base::reset(state);
    if (buffer.isNull()) return;
    std::string scratch;
    for (const Value& v : buffer.asList()) {
      scratch.clear();
      encodeValue(v, *elementType_, kSet, scratch);
      add(s.ensure(), scratch);
    }
  }

 private:
  static void add(Store& store, std::string_view value) {
    if constexpr (kSet)
      store.insert(value);
    else
      store.add(value);
  }
  TypePtr elementType_;
};

bool containsMap(const DataType& type) {
  switch (type.id()) {
    case TypeId::kMap:
      return true;
    case TypeId::kArray:
      return containsMap(*type.element());
    case TypeId::kStruct:
      for (const auto& f : type.fields()) {
        if (containsMap(*f.type)) return true;
      }
      return false;
    default:
      return false;
  }
}

template <bool kSet>
BoundAggregate bindCollect(const std::string& name, std::vector<ExprPtr> args, const BindContext&) {
  checkArity(name, args, 1, 1);
  TypePtr element = args[0]->type;
  if (kSet && containsMap(*element)) {
    throw AnalysisException(
        "[DATATYPE_MISMATCH.UNSUPPORTED_INPUT_TYPE] Cannot resolve \"" + callSql(name, args) +
            "\" due to data type mismatch: The input of `" + name + "` can't be \"MAP\" type data.",
        "DATATYPE_MISMATCH.UNSUPPORTED_INPUT_TYPE");
  }
  std::shared_ptr<const AggregateKernel> kernel;
  if constexpr (kSet)
    kernel = std::make_shared<CollectKernel<KeySet>>(element);
  else
    kernel = std::make_shared<CollectKernel<EncodedValues>>(element);
  return {name, DataType::array(element, false), false, std::move(args), std::move(kernel)};
}

}  // namespace

void registerCollectAggregates(FunctionRegistry& registry) {
  addAggregate(registry, "collect_list", bindCollect<false>, DistinctMode::kWrap,
               "collect_list(expr) - Collects and returns a list of non-unique elements.",
               {"array_agg"});
  addAggregate(registry, "collect_set", bindCollect<true>, DistinctMode::kIgnore,
               "collect_set(expr) - Collects and returns a set of unique elements.");
}

}  // namespace spate::agg
