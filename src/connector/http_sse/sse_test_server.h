#pragma once

// A real HTTP server on 127.0.0.1 (cpp-httplib) for the http_sse tests: GET /stream answers with
// a chunked text/event-stream fed by the test (send), ended by the test (endStream), or with an
// error status; it records each request's headers. Test support only, not part of the engine.

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace spate::connector::testing {

class SseTestServer {
 public:
  struct Request {
    std::string lastEventId;
    std::string userAgent;
    std::string accept;
    httplib::Headers headers;
  };

  SseTestServer() {
    server_.Get("/stream", [this](const httplib::Request& request, httplib::Response& response) {
      handle(request, response);
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() is a no-op until the accept loop runs.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  ~SseTestServer() { shutdown(); }

  void shutdown() {
    {
      std::lock_guard lock(mutex_);
      if (shutDown_) return;
      shutDown_ = true;
    }
    changed_.notify_all();
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/stream"; }

  /// Bytes for the open stream (or the next one).
  void send(std::string bytes) {
    {
      std::lock_guard lock(mutex_);
      pending_.push_back(std::move(bytes));
    }
    changed_.notify_all();
  }
  /// Ends the open stream once everything sent before has been written.
  void endStream() {
    {
      std::lock_guard lock(mutex_);
      pending_.push_back(std::string(kEnd));
    }
    changed_.notify_all();
  }
  /// The answer to the next requests: a status and a content type (200 event-stream is normal).
  void respondWith(int status, std::string contentType, std::string body = "") {
    std::lock_guard lock(mutex_);
    status_ = status;
    contentType_ = std::move(contentType);
    body_ = std::move(body);
  }

  /// Waits (bounded) for the n-th request and returns it.
  Request waitForRequest(size_t n) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(20), [&] { return requests_.size() >= n; });
    if (requests_.size() < n)
      throw std::runtime_error("the server never got request " + std::to_string(n));
    return requests_[n - 1];
  }
  size_t requestCount() {
    std::lock_guard lock(mutex_);
    return requests_.size();
  }

 private:
  static constexpr std::string_view kEnd = "\x01<end of stream>\x01";

  void handle(const httplib::Request& request, httplib::Response& response) {
    int status;
    std::string contentType, body;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back({request.get_header_value("Last-Event-ID"),
                           request.get_header_value("User-Agent"),
                           request.get_header_value("Accept"), request.headers});
      status = status_;
      contentType = contentType_;
      body = body_;
    }
    changed_.notify_all();
    if (status != 200 || contentType != "text/event-stream") {
      response.status = status;
      response.set_content(body, contentType.c_str());
      return;
    }
    response.set_chunked_content_provider(
        "text/event-stream", [this](size_t, httplib::DataSink& sink) {
          std::unique_lock lock(mutex_);
          for (;;) {
            if (shutDown_ || !sink.is_writable()) return false;
            if (!pending_.empty()) break;
            changed_.wait_for(lock, std::chrono::milliseconds(20));
          }
          std::string chunk = std::move(pending_.front());
          pending_.pop_front();
          lock.unlock();
          if (chunk == kEnd) {
            sink.done();
            return true;
          }
          return sink.write(chunk.data(), chunk.size());
        });
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> pending_;
  std::vector<Request> requests_;
  int status_ = 200;
  std::string contentType_ = "text/event-stream";
  std::string body_;
  bool shutDown_ = false;
};

}  // namespace spate::connector::testing
