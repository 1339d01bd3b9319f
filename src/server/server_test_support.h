#pragma once

// Helpers for tests that talk to a running UiServer over HTTP (client side: cpp-httplib).

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "server/ui_server.h"

namespace spate::server::testing {

inline std::unique_ptr<httplib::Client> clientOf(const UiServer& server) {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", server.port());
  client->set_read_timeout(30);
  return client;
}

/// A listening TCP socket on 127.0.0.1:port (0 = any); closed on destruction. port() is -1 when
/// the port could not be bound (another process listens on it).
class Listener {
 public:
  explicit Listener(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    // As the server does: connections of an earlier listener in TIME_WAIT do not block the port.
    int yes = 1;
    setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        listen(fd_, 1) != 0)
      return;
    socklen_t length = sizeof address;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~Listener() { close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = -1;
};

/// Waits (without a time limit a test would assert on) until `condition` holds.
template <typename F>
void waitFor(F condition) {
  for (int i = 0; i < 20'000 && !condition(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_TRUE(condition());
}

// Reads an event stream on its own thread until `wanted` arrived (or the stream ended).
class EventReader {
 public:
  EventReader(const UiServer& server, const std::string& path, std::string wanted,
              httplib::Headers headers = {})
      : wanted_(std::move(wanted)) {
    thread_ = std::thread([this, port = server.port(), path, headers] {
      httplib::Client client("127.0.0.1", port);
      client.set_read_timeout(60);
      auto res = client.Get(path, headers, [this](const char* data, size_t length) {
        std::lock_guard lock(mutex_);
        received_.append(data, length);
        return received_.find(wanted_) == std::string::npos;  // false ends the request
      });
      std::lock_guard lock(mutex_);
      if (res) status_ = res->status;
      done_ = true;
    });
  }
  ~EventReader() { thread_.join(); }
  std::string received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }
  bool done() const {
    std::lock_guard lock(mutex_);
    return done_;
  }
  int status() const {
    std::lock_guard lock(mutex_);
    return status_;
  }

 private:
  std::string wanted_;
  mutable std::mutex mutex_;
  std::string received_;
  bool done_ = false;
  int status_ = 0;
  std::thread thread_;
};

}  // namespace spate::server::testing
