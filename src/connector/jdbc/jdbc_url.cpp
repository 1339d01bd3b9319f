#include "connector/jdbc/jdbc_url.h"

#include "common/error.h"
#include "common/logging.h"
#include "common/redaction.h"
#include "common/strings.h"

namespace spate::connector::jdbc {

namespace {

constexpr std::string_view kPostgresPrefix = "jdbc:postgresql:";
constexpr std::string_view kSqlitePrefix = "jdbc:sqlite:";

bool startsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && equalsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// pgjdbc's connection properties and the libpq keyword each becomes. Properties libpq has no
// equivalent for (prepareThreshold, socketTimeout, …) are accepted and ignored, as a driver
// ignores properties it does not know.
struct PropertyMapping {
  const char* property;
  const char* keyword;
};
constexpr PropertyMapping kProperties[] = {
    {"user", "user"},
    {"password", "password"},
    {"sslmode", "sslmode"},
    {"sslcert", "sslcert"},
    {"sslkey", "sslkey"},
    {"sslrootcert", "sslrootcert"},
    {"sslpassword", "sslpassword"},
    {"sslcrl", "sslcrl"},
    {"gssEncMode", "gssencmode"},
    {"connectTimeout", "connect_timeout"},
    {"loginTimeout", "connect_timeout"},
    {"ApplicationName", "application_name"},
    {"options", "options"},
    {"tcpKeepAlive", "keepalives"},
    {"targetServerType", "target_session_attrs"},
};

const char* keywordOf(std::string_view property) {
  for (const auto& m : kProperties)
    if (equalsIgnoreCase(m.property, property)) return m.keyword;
  return nullptr;
}

// pgjdbc's targetServerType values in libpq's target_session_attrs vocabulary.
std::string targetSessionAttrs(const std::string& value) {
  std::string v = toLower(value);
  if (v == "primary" || v == "master") return "read-write";
  if (v == "secondary" || v == "slave") return "standby";
  if (v == "prefersecondary" || v == "preferslave") return "prefer-standby";
  return v;
}

class ParamList {
 public:
  explicit ParamList(std::vector<std::pair<std::string, std::string>>& params) : params_(params) {}

  void set(const std::string& keyword, const std::string& value) {
    for (auto& [k, v] : params_)
      if (k == keyword) {
        v = value;
        return;
      }
    params_.emplace_back(keyword, value);
  }
  bool has(const std::string& keyword) const {
    for (const auto& [k, v] : params_)
      if (k == keyword) return true;
    return false;
  }

  // A pgjdbc property (from the URL or an option) in libpq's terms.
  void setProperty(const std::string& property, const std::string& value) {
    if (equalsIgnoreCase(property, "ssl")) {
      if (toLower(value) == "true" && !has("sslmode")) set("sslmode", "require");
      return;
    }
    if (equalsIgnoreCase(property, "currentSchema")) {
      set("options", "-c search_path=" + value);
      return;
    }
    const char* keyword = keywordOf(property);
    if (!keyword) {
      logDebug("JdbcUtils", "Ignoring the connection property {}, which libpq does not have",
               property);
      return;
    }
    std::string v = value;
    if (std::string_view(keyword) == "keepalives") v = toLower(value) == "false" ? "0" : "1";
    if (std::string_view(keyword) == "target_session_attrs") v = targetSessionAttrs(value);
    set(keyword, v);
  }

 private:
  std::vector<std::pair<std::string, std::string>>& params_;
};

// "host[:port]" items of a pgjdbc URL; IPv6 hosts are bracketed.
void parseHosts(std::string_view hosts, std::vector<std::string>& names,
                std::vector<std::string>& ports, const std::string& url) {
  for (const auto& item : splitString(hosts, ',')) {
    std::string_view h = item;
    std::string name, port;
    if (!h.empty() && h.front() == '[') {
      size_t close = h.find(']');
      if (close == std::string_view::npos)
        throw IllegalArgumentException("Invalid JDBC URL " + redactUrl(url) +
                                       ": unterminated IPv6 address");
      name = std::string(h.substr(1, close - 1));
      if (close + 1 < h.size() && h[close + 1] == ':') port = std::string(h.substr(close + 2));
    } else {
      size_t colon = h.rfind(':');
      name = std::string(h.substr(0, colon));
      if (colon != std::string_view::npos) port = std::string(h.substr(colon + 1));
    }
    if (name.empty()) name = "localhost";
    if (port.empty()) port = "5432";
    for (char c : port)
      if (c < '0' || c > '9')
        throw IllegalArgumentException("Invalid JDBC URL " + redactUrl(url) + ": bad port number " +
                                       port);
    names.push_back(name);
    ports.push_back(port);
  }
}

// Adds the URL's parameters to `out`, replacing those the options set: in pgjdbc the URL's
// properties win over the ones given beside it.
void parsePostgresJdbcUrl(const std::string& url, DatabaseUrl& out) {
  out.kind = DatabaseKind::kPostgres;
  ParamList params(out.libpqParams);
  std::string_view rest = std::string_view(url).substr(kPostgresPrefix.size());
  std::string_view query;
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::vector<std::string> hosts, ports;
  std::string database;
  if (rest.starts_with("//")) {
    rest.remove_prefix(2);
    size_t slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    database = slash == std::string_view::npos ? "" : std::string(rest.substr(slash + 1));
    parseHosts(authority.empty() ? "localhost" : authority, hosts, ports, url);
  } else {
    // jdbc:postgresql:database and jdbc:postgresql:/ mean localhost:5432.
    if (rest.starts_with("/")) rest.remove_prefix(1);
    database = std::string(rest);
    hosts = {"localhost"};
    ports = {"5432"};
  }
  params.set("host", joinStrings(hosts, ","));
  params.set("port", joinStrings(ports, ","));
  if (!database.empty()) params.set("dbname", percentDecode(database));
  out.hostPort =
      (hosts[0].find(':') != std::string::npos ? "[" + hosts[0] + "]" : hosts[0]) + ":" + ports[0];
  for (const auto& pair : splitString(query, '&')) {
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key = percentDecode(pair.substr(0, eq));
    std::string value = eq == std::string::npos ? "" : percentDecode(pair.substr(eq + 1));
    params.setProperty(key, value);
  }
}

}  // namespace

std::string percentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
               hexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

DatabaseUrl parseDatabaseUrl(const std::string& url,
                             const std::map<std::string, std::string>& options) {
  DatabaseUrl out;
  std::string_view u = trimWhitespace(url);
  if (startsWithIgnoreCase(u, kSqlitePrefix)) {
    out.kind = DatabaseKind::kSqlite;
    out.sqlitePath = std::string(u.substr(kSqlitePrefix.size()));
    size_t q = out.sqlitePath.find('?');
    if (!startsWithIgnoreCase(out.sqlitePath, "file:") && q != std::string::npos) {
      for (const auto& pair : splitString(std::string_view(out.sqlitePath).substr(q + 1), '&')) {
        if (pair.empty()) continue;
        size_t eq = pair.find('=');
        out.sqliteParams.emplace_back(
            percentDecode(pair.substr(0, eq)),
            eq == std::string::npos ? "" : percentDecode(pair.substr(eq + 1)));
      }
      out.sqlitePath.resize(q);
    }
    if (out.sqlitePath.empty())
      throw IllegalArgumentException("Invalid JDBC URL " + redactUrl(url) +
                                     ": jdbc:sqlite: needs a database file path");
    return out;
  }
  bool jdbcForm = startsWithIgnoreCase(u, kPostgresPrefix);
  bool libpqForm =
      startsWithIgnoreCase(u, "postgresql://") || startsWithIgnoreCase(u, "postgres://") ||
      (u.find("://") == std::string_view::npos && u.find('=') != std::string_view::npos);
  if (!jdbcForm && !libpqForm)
    throw IllegalArgumentException(
        "No suitable driver for the url " + redactUrl(url) +
        " (the jdbc format supports jdbc:postgresql: and jdbc:sqlite: URLs)");
  out.kind = DatabaseKind::kPostgres;
  // Driver properties given as options first (Spark passes every option to the driver); what
  // the URL says replaces them.
  ParamList params(out.libpqParams);
  for (const auto& [key, value] : options)
    if (keywordOf(key) || equalsIgnoreCase(key, "ssl") || equalsIgnoreCase(key, "currentSchema"))
      params.setProperty(key, value);
  if (jdbcForm) {
    parsePostgresJdbcUrl(std::string(u), out);
  } else {
    // A libpq URI or connection string (what PG_DSN-style settings hold): libpq expands it, and
    // its fields replace the parameters before it.
    out.libpqParams.emplace_back("dbname", std::string(u));
  }
  return out;
}

}  // namespace spate::connector::jdbc
