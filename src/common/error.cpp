#include "common/error.h"

namespace spate {

void throwInternalError(const char* condition, const char* file, int line,
                        const std::string& message) {
  throw InternalError("internal error: " + message + " (" + condition + " failed at " + file + ":" +
                      std::to_string(line) + ")");
}

}  // namespace spate
