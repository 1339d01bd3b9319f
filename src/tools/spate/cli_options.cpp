#include "cli_options.h"

#include <stdexcept>

namespace spate::cli {

CommonOptions parseCommonOptions(const std::vector<std::string>& argv) {
  CommonOptions out;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    auto value = [&](const std::string& name) {
      if (i + 1 >= argv.size()) throw std::invalid_argument(name + " needs a value");
      return argv[++i];
    };
    if (a == "--master") {
      out.master = value("--master");
    } else if (a.starts_with("--master=")) {
      out.master = a.substr(9);
    } else if (a == "--conf" || a.starts_with("--conf=")) {
      std::string kv = a == "--conf" ? value("--conf") : a.substr(7);
      auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) throw std::invalid_argument("--conf expects key=value, got '" + kv + "'");
      out.conf[kv.substr(0, eq)] = kv.substr(eq + 1);
    } else {
      out.args.push_back(a);
    }
  }
  return out;
}

std::string substituteVariables(const std::string& text, const std::map<std::string, std::string>& conf) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 2, "${") == 0) {
      size_t close = text.find('}', i + 2);
      if (close != std::string::npos) {
        std::string key = text.substr(i + 2, close - i - 2);
        if (auto it = conf.find(key); it != conf.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += text[i++];
  }
  return out;
}

}  // namespace spate::cli
