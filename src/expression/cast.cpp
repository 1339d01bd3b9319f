// Placeholder: the full cast matrix is being written.
#include "expression/cast.h"

#include "common/error.h"

namespace spate {

ColumnPtr castColumn(const ColumnPtr& input, const TypePtr& to, const EvalContext& context) {
  if (input->type()->equals(*to)) return input;
  throw InternalError("cast from " + input->type()->simpleString() + " to " + to->simpleString() +
                      " is not implemented yet");
}

bool canCast(const DataType& from, const DataType& to) { return from.equals(to); }

ExprPtr makeCast(ExprPtr input, TypePtr to) {
  if (input->type->equals(*to)) return input;
  return makeCall("cast", to, {input}, [to](const KernelArgs& a) {
    return castColumn(a.columns[0], to, a.context);
  });
}

}  // namespace spate
