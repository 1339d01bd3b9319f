#include "server/http_types.h"

#include "common/strings.h"

namespace spate::server {

std::string HttpRequest::param(const std::string& name, const std::string& fallback) const {
  auto it = params.find(name);
  return it == params.end() ? fallback : it->second;
}

std::optional<std::string> HttpRequest::header(const std::string& name) const {
  auto it = headers.find(toLower(name));
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

HttpResponse HttpResponse::text(std::string body, int status) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

HttpResponse HttpResponse::json(std::string body, int status) {
  HttpResponse r;
  r.status = status;
  r.contentType = "application/json";
  r.body = std::move(body);
  return r;
}

HttpResponse HttpResponse::html(std::string body, int status) {
  HttpResponse r;
  r.status = status;
  r.contentType = "text/html; charset=utf-8";
  r.body = std::move(body);
  return r;
}

HttpResponse HttpResponse::notFound(const std::string& what) { return text(what + "\n", 404); }

HttpResponse HttpResponse::redirect(const std::string& location) {
  HttpResponse r;
  r.status = 302;
  r.headers["Location"] = location;
  return r;
}

}  // namespace spate::server
