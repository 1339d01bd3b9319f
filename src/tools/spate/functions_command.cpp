// `spate functions [--markdown]`: the function registry as a list, or as docs/functions.md.
#include <iostream>
#include <stdexcept>

#include "cli_options.h"
#include "function_reference.h"

namespace spate::cli {

int runFunctionsCommand(const CommonOptions& options) {
  bool markdown = false;
  for (const auto& a : options.args) {
    if (a == "--markdown")
      markdown = true;
    else
      throw std::invalid_argument("unknown functions option '" + a + "'");
  }
  auto docs = functionDocs(FunctionRegistry::instance());
  std::cout << (markdown ? functionReferenceMarkdown(docs) : functionListText(docs));
  return 0;
}

}  // namespace spate::cli
