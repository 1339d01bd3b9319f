#include "server/ui_server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <shared_mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "common/error.h"
#include "common/logging.h"
#include "common/strings.h"

namespace spate::server {

namespace fs = std::filesystem;

namespace {

constexpr const char* kTokenCookie = "spate_ui_token";
// Short, so stop() does not wait long on idle keep-alive connections.
constexpr time_t kKeepAliveSeconds = 2;

std::string contentTypeOf(const fs::path& file) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".csv", "text/csv; charset=utf-8"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".wasm", "application/wasm"},
  };
  auto it = kTypes.find(toLower(file.extension().string()));
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// Equal without an early exit, so the time taken does not tell how much of a guess was right
// (tokens have a fixed length: only the content is secret).
bool constantTimeEquals(std::string_view given, std::string_view expected) {
  if (given.size() != expected.size() || expected.empty()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < given.size(); ++i) diff |= given[i] ^ expected[i];
  return diff == 0;
}

std::string cookieValue(const std::string& header, const std::string& name) {
  size_t start = 0;
  while (start < header.size()) {
    size_t end = header.find(';', start);
    if (end == std::string::npos) end = header.size();
    std::string_view part = trimWhitespace(std::string_view(header).substr(start, end - start));
    if (part.size() > name.size() && part.substr(0, name.size()) == name &&
        part[name.size()] == '=')
      return std::string(part.substr(name.size() + 1));
    start = end + 1;
  }
  return "";
}

// The host name of a Host header ("127.0.0.1:4040" → "127.0.0.1", "[::1]:4040" → "::1").
std::string hostName(const std::string& hostHeader) {
  if (!hostHeader.empty() && hostHeader[0] == '[') {
    size_t close = hostHeader.find(']');
    return close == std::string::npos ? hostHeader : hostHeader.substr(1, close - 1);
  }
  size_t colon = hostHeader.find(':');
  return colon == std::string::npos ? hostHeader : hostHeader.substr(0, colon);
}

HttpRequest toRequest(const httplib::Request& req) {
  HttpRequest out;
  out.method = req.method;
  out.path = req.path;
  for (const auto& [k, v] : req.params) out.params.emplace(k, v);
  for (const auto& [k, v] : req.headers) out.headers.emplace(toLower(k), v);
  out.body = req.body;
  return out;
}

void writeResponse(const HttpResponse& from, httplib::Response& res) {
  res.status = from.status;
  for (const auto& [k, v] : from.headers) res.set_header(k, v);
  res.set_content(from.body, from.contentType);
}

}  // namespace

bool isLoopbackHost(const std::string& host) {
  std::string h = toLower(host);
  if (h == "localhost" || h == "::1" || h == "[::1]") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, h.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  return false;
}

std::string generateToken() {
  std::random_device random;  // the kernel's random source on Linux
  static constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  for (int i = 0; i < 4; ++i) {
    uint32_t word = random();
    for (int j = 0; j < 4; ++j) {
      token += kHex[(word >> 4) & 0xF];
      token += kHex[word & 0xF];
      word >>= 8;
    }
  }
  return token;
}

class UiServer::Impl {
 public:
  explicit Impl(UiServerOptions options) : options_(std::move(options)) {}

  struct Route {
    std::string method;
    std::regex pattern;
    RouteHandler handler;
  };
  struct StaticDirectory {
    std::string mountPoint;  // without a trailing '/'
    fs::path directory;
  };
  struct Asset {
    std::string contentType;
    std::string content;
  };

  void configure() {
    int threads = std::max(1, options_.threads);
    // cpp-httplib owns the queue it is given (its API takes a raw pointer).
    server_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server_.set_keep_alive_timeout(kKeepAliveSeconds);
    // cpp-httplib sets SO_REUSEPORT, with which a second Spate process binds the same port and
    // the kernel splits connections between the two: SO_REUSEADDR only, so a taken port is taken
    // (and a port whose old connections linger in TIME_WAIT is still usable).
    server_.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      return authorize(req, res) ? httplib::Server::HandlerResponse::Unhandled
                                 : httplib::Server::HandlerResponse::Handled;
    });
    auto dispatch = [this](const httplib::Request& req, httplib::Response& res) {
      this->dispatch(req, res);
    };
    server_.Get(".*", dispatch);
    server_.Post(".*", dispatch);
    server_.Put(".*", dispatch);
    server_.Delete(".*", dispatch);
    server_.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
          std::string message = "unknown error";
          try {
            std::rethrow_exception(error);
          } catch (const std::exception& e) {
            message = e.what();
          } catch (...) {
          }
          res.status = 500;
          res.set_content("Internal error: " + message + "\n", "text/plain; charset=utf-8");
        });
  }

  void bind() {
    if (options_.port == 0) {
      port_ = server_.bind_to_any_port(options_.host);
      if (port_ > 0) return;
    } else {
      for (int attempt = 0; attempt <= std::max(0, options_.maxRetries); ++attempt) {
        int port = options_.port + attempt;
        if (port > 65535) break;
        if (server_.bind_to_port(options_.host, port)) {
          port_ = port;
          return;
        }
        if (attempt < options_.maxRetries)
          logWarn("Utils", "Service 'SparkUI' could not bind on port {}. Attempting port {}.", port,
                  port + 1);
      }
    }
    throw ExecutionException(
        "Failed to bind to address " + options_.host + ":" + std::to_string(options_.port) +
        ": Service 'SparkUI' failed after " + std::to_string(options_.maxRetries) +
        " retries (starting from " + std::to_string(options_.port) +
        ")! Consider explicitly setting the appropriate port for the service 'SparkUI' (for "
        "example spark.ui.port for SparkUI) to an available port or increasing "
        "spark.port.maxRetries.");
  }

  void run() {
    thread_ = std::thread([this] {
      server_.listen_after_bind();
      listenEnded_ = true;
    });
    // stop() only interrupts a server that is already accepting: wait for that.
    while (!server_.is_running() && !listenEnded_)
      std::this_thread::sleep_for(std::chrono::microseconds(100));
  }

  void stop() {
    std::vector<std::shared_ptr<EventStream>> streams;
    std::vector<std::function<void()>> hooks;
    {
      std::unique_lock lock(mutex_);
      if (stopped_) return;
      stopped_ = true;
      for (const auto& [path, stream] : streams_) streams.push_back(stream);
      hooks.swap(stopHooks_);
    }
    for (const auto& hook : hooks) hook();
    // Event-stream clients block in their provider: wake them first, or the workers never end.
    for (const auto& s : streams) s->close();
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  // Token or Host check before any handler (static files included).
  bool authorize(const httplib::Request& req, httplib::Response& res) {
    if (options_.token) {
      const std::string& token = *options_.token;
      std::string auth = req.get_header_value("Authorization");
      if (auth.rfind("Bearer ", 0) == 0 && constantTimeEquals(auth.substr(7), token)) return true;
      if (constantTimeEquals(cookieValue(req.get_header_value("Cookie"), kTokenCookie), token))
        return true;
      if (req.has_param("token") && constantTimeEquals(req.get_param_value("token"), token)) {
        // Pages fetch their data without the token in the URL: the cookie carries it.
        res.set_header("Set-Cookie", std::string(kTokenCookie) + "=" + token +
                                         "; Path=/; HttpOnly; SameSite=Strict");
        return true;
      }
      res.status = 401;
      res.set_header("WWW-Authenticate", "Bearer");
      res.set_content(
          "Unauthorized: this Spate UI requires its token (spate.ui.token): open the URL printed "
          "at startup (…/?token=…) or send 'Authorization: Bearer <token>'.\n",
          "text/plain; charset=utf-8");
      return false;
    }
    if (isLoopbackHost(options_.host)) {
      // A page of another site could resolve its own name to 127.0.0.1 (DNS rebinding) and read
      // this server as same-origin: only loopback names are accepted in Host.
      std::string host = hostName(req.get_header_value("Host"));
      if (!host.empty() && !isLoopbackHost(host)) {
        res.status = 403;
        res.set_content("Forbidden: host '" + host + "' is not a loopback name.\n",
                        "text/plain; charset=utf-8");
        return false;
      }
    }
    return true;
  }

  void dispatch(const httplib::Request& req, httplib::Response& res) {
    std::shared_lock lock(mutex_);
    for (const auto& route : routes_) {
      if (route.method != req.method && !(route.method == "GET" && req.method == "HEAD")) continue;
      std::smatch match;
      if (!std::regex_match(req.path, match, route.pattern)) continue;
      HttpRequest request = toRequest(req);
      for (size_t i = 1; i < match.size(); ++i) request.captures.push_back(match[i].str());
      RouteHandler handler = route.handler;
      lock.unlock();  // handlers may add routes
      writeResponse(handler(request), res);
      return;
    }
    if (req.method == "GET" || req.method == "HEAD") {
      if (auto stream = streams_.find(req.path); stream != streams_.end()) {
        serveEvents(stream->second, res);
        return;
      }
      if (auto asset = assets_.find(req.path); asset != assets_.end()) {
        res.set_header("Cache-Control", "no-cache");
        res.set_content(asset->second.content, asset->second.contentType);
        return;
      }
      if (serveStatic(req.path, res)) return;
    }
    res.status = 404;
    res.set_content("Not found: " + req.path + "\n", "text/plain; charset=utf-8");
  }

  void serveEvents(const std::shared_ptr<EventStream>& stream, httplib::Response& res) {
    auto subscription = stream->subscribe();
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Accel-Buffering", "no");
    res.set_chunked_content_provider(
        "text/event-stream",
        [subscription, heartbeatMs = options_.eventHeartbeatMs](size_t, httplib::DataSink& sink) {
          std::optional<std::string> chunk = subscription->next(heartbeatMs);
          if (!chunk) {
            sink.done();
            return true;
          }
          return sink.write(chunk->data(), chunk->size());  // false: the client has gone
        });
  }

  // Caller holds mutex_ (shared).
  bool serveStatic(const std::string& path, httplib::Response& res) {
    const StaticDirectory* best = nullptr;
    for (const auto& d : statics_) {
      bool under = path == d.mountPoint || d.mountPoint.empty() ||
                   (path.rfind(d.mountPoint, 0) == 0 && path[d.mountPoint.size()] == '/');
      if (under && (!best || d.mountPoint.size() > best->mountPoint.size())) best = &d;
    }
    if (!best) return false;
    std::string relative = path.substr(best->mountPoint.size());
    // No way out of the directory: reject any ".." segment (the path is already URL-decoded).
    std::stringstream segments(relative);
    std::string segment;
    while (std::getline(segments, segment, '/'))
      if (segment == "..") return false;
    fs::path file = best->directory / fs::path(relative).relative_path();
    std::error_code ec;
    if (fs::is_directory(file, ec)) {
      if (!path.ends_with("/")) {
        res.status = 302;
        res.set_header("Location", path + "/");
        return true;
      }
      file /= "index.html";
    }
    if (!fs::is_regular_file(file, ec)) return false;
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    std::stringstream content;
    content << in.rdbuf();
    res.set_header("Cache-Control", "no-cache");
    res.set_content(content.str(), contentTypeOf(file));
    return true;
  }

  UiServerOptions options_;
  httplib::Server server_;
  std::thread thread_;
  std::atomic<bool> listenEnded_{false};
  int port_ = 0;

  mutable std::shared_mutex mutex_;
  std::vector<Route> routes_;
  std::vector<StaticDirectory> statics_;
  std::map<std::string, Asset> assets_;
  std::map<std::string, std::shared_ptr<EventStream>> streams_;
  std::vector<std::function<void()>> stopHooks_;
  bool stopped_ = false;
};

UiServerOptions requireTokenOffLoopback(UiServerOptions options) {
  if (!options.token && !isLoopbackHost(options.host)) {
    options.token = generateToken();
    options.tokenGenerated = true;
  }
  return options;
}

std::shared_ptr<UiServer> UiServer::start(UiServerOptions options) {
  auto impl = std::make_unique<Impl>(requireTokenOffLoopback(std::move(options)));
  impl->configure();
  impl->bind();
  impl->run();
  auto server = std::make_shared<UiServer>(std::move(impl));
  logInfo("SparkUI", "Bound SparkUI to {}, and started at {}", server->host(), server->url());
  if (server->impl_->options_.tokenGenerated)
    logWarn("SparkUI", "The web UI requires a token: open {}", server->browserUrl());
  return server;
}

UiServer::UiServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

UiServer::~UiServer() { stop(); }

void UiServer::stop() { impl_->stop(); }

const std::string& UiServer::host() const { return impl_->options_.host; }

int UiServer::port() const { return impl_->port_; }

std::string UiServer::url() const {
  std::string host = impl_->options_.host;
  if (host == "0.0.0.0" || host == "::") {
    // Bound to every address: name the machine, as Spark's URL names the driver's host.
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) == 0 && name[0] != '\0') host = name;
  }
  bool ipv6 = host.find(':') != std::string::npos;
  return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port());
}

std::string UiServer::browserUrl() const {
  return requiresToken() ? url() + "/?token=" + *impl_->options_.token : url();
}

bool UiServer::requiresToken() const { return impl_->options_.token.has_value(); }

void UiServer::addRoute(const std::string& method, const std::string& pattern,
                        RouteHandler handler) {
  std::regex compiled(pattern, std::regex::ECMAScript);
  std::unique_lock lock(impl_->mutex_);
  impl_->routes_.push_back({toUpper(method), std::move(compiled), std::move(handler)});
}

bool UiServer::addStaticDirectory(const std::string& mountPoint, const std::string& directory) {
  std::error_code ec;
  if (!fs::is_directory(directory, ec)) return false;
  std::string mount = mountPoint;
  while (!mount.empty() && mount.back() == '/') mount.pop_back();
  std::unique_lock lock(impl_->mutex_);
  impl_->statics_.push_back({mount, fs::absolute(directory)});
  return true;
}

void UiServer::addAsset(const std::string& path, const std::string& contentType,
                        std::string content) {
  std::unique_lock lock(impl_->mutex_);
  impl_->assets_[path] = {contentType, std::move(content)};
}

std::shared_ptr<EventStream> UiServer::addEventStream(const std::string& path) {
  auto stream = std::make_shared<EventStream>();
  std::unique_lock lock(impl_->mutex_);
  impl_->streams_[path] = stream;
  if (impl_->stopped_) stream->close();
  return stream;
}

std::shared_ptr<EventStream> UiServer::eventStream(const std::string& path) const {
  std::shared_lock lock(impl_->mutex_);
  auto it = impl_->streams_.find(path);
  return it == impl_->streams_.end() ? nullptr : it->second;
}

void UiServer::onStop(std::function<void()> hook) {
  std::unique_lock lock(impl_->mutex_);
  if (!impl_->stopped_) {
    impl_->stopHooks_.push_back(std::move(hook));
    return;
  }
  lock.unlock();
  hook();
}

}  // namespace spate::server
