#pragma once

// The request and response an application's route handler sees. They keep cpp-httplib out of the
// server's public headers (httplib.h is a heavy include, and it is an implementation detail).

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace spate::server {

struct HttpRequest {
  std::string method;  ///< "GET", "POST", …
  std::string path;    ///< without the query string
  /// Query-string (and form) parameters; the first value of each name.
  std::map<std::string, std::string> params;
  /// Request headers with lower-case names.
  std::map<std::string, std::string> headers;
  std::string body;
  /// The capture groups of the route's pattern (captures[0] is the first group).
  std::vector<std::string> captures;

  /// The parameter `name`, or `fallback` when absent.
  std::string param(const std::string& name, const std::string& fallback = "") const;
  /// The header `name` (any case), if present.
  std::optional<std::string> header(const std::string& name) const;
};

struct HttpResponse {
  int status = 200;
  std::string contentType = "text/plain; charset=utf-8";
  std::string body;
  /// Extra headers (Cache-Control, Location, …).
  std::map<std::string, std::string> headers;

  static HttpResponse text(std::string body, int status = 200);
  static HttpResponse json(std::string body, int status = 200);
  static HttpResponse html(std::string body, int status = 200);
  /// 404 with a one-line explanation.
  static HttpResponse notFound(const std::string& what);
  /// 302 to `location`.
  static HttpResponse redirect(const std::string& location);
};

using RouteHandler = std::function<HttpResponse(const HttpRequest&)>;

}  // namespace spate::server
