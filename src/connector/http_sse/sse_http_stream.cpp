// The libcurl side of the http_sse source: a multi handle polled so that stop() can wake it at
// once (curl_multi_wakeup), header checks as the spec's "announce the connection" step, and
// curl's own messages for network failures.
#include "connector/http_sse/sse_http_stream.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>
#include <mutex>

#include "common/strings.h"

namespace spate::connector {

namespace {

void initCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// The media type of a Content-Type value, without parameters, lower case.
std::string mediaType(const char* contentType) {
  if (!contentType) return "";
  std::string_view value(contentType);
  if (size_t semicolon = value.find(';'); semicolon != std::string_view::npos)
    value = value.substr(0, semicolon);
  return toLower(trimWhitespace(value));
}

// State shared with curl's callbacks during one run().
struct Transfer {
  CURL* easy = nullptr;
  const std::function<void()>* onOpen = nullptr;
  const std::function<void(std::string_view)>* onBytes = nullptr;
  std::string statusLine;
  bool opened = false;
  // Set when a header block is refused; the transfer is then aborted.
  bool refused = false;
  SseOutcome::Kind refusedKind = SseOutcome::Kind::kRejected;
  std::string refusedMessage;
};

size_t onHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  std::string_view line(data, n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.rfind("HTTP/", 0) == 0) {
    t->statusLine.assign(line);
    return n;
  }
  if (!line.empty()) return n;
  // The end of a header block: decide on the response.
  long code = 0;
  curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &code);
  if (code / 100 == 1 || (code / 100 == 3 && code != 304)) return n;  // interim or redirect
  // "HTTP/1.1 404 Not Found" → "HTTP 404 Not Found" (HTTP/2 has no reason phrase).
  std::string status = "HTTP " + std::to_string(code);
  if (size_t sp = t->statusLine.find(' '); sp != std::string::npos) {
    size_t reason = t->statusLine.find(' ', sp + 1);
    if (reason != std::string::npos) status += t->statusLine.substr(reason);
  }
  if (code == 200) {
    char* contentType = nullptr;
    curl_easy_getinfo(t->easy, CURLINFO_CONTENT_TYPE, &contentType);
    std::string type = mediaType(contentType);
    if (type == "text/event-stream") {
      t->opened = true;
      if (*t->onOpen) (*t->onOpen)();
      return n;
    }
    t->refusedMessage = "the response's Content-Type is " +
                        (type.empty() ? std::string("missing") : "'" + type + "'") +
                        ", not 'text/event-stream'";
    t->refusedKind = SseOutcome::Kind::kRejected;
  } else if (code == 204) {
    t->refusedMessage = status + " (the server asks clients not to reconnect)";
    t->refusedKind = SseOutcome::Kind::kNoContent;
  } else if (code == 429 || code / 100 == 5) {
    t->refusedMessage = status;
    t->refusedKind = SseOutcome::Kind::kServerBusy;
  } else {
    t->refusedMessage = status;
    t->refusedKind = SseOutcome::Kind::kRejected;
  }
  t->refused = true;
  return 0;  // aborts the transfer
}

size_t onBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  if (!t->opened) return 0;
  (*t->onBytes)(std::string_view(data, n));
  return n;
}

}  // namespace

SseHttpStream::SseHttpStream() {
  initCurlOnce();
  multi_ = curl_multi_init();
}

SseHttpStream::~SseHttpStream() { curl_multi_cleanup(static_cast<CURLM*>(multi_)); }

void SseHttpStream::interrupt() {
  interrupted_ = true;
  curl_multi_wakeup(static_cast<CURLM*>(multi_));
}

SseOutcome SseHttpStream::run(const SseRequest& request, const std::string& lastEventId,
                              const std::function<void()>& onOpen,
                              const std::function<void(std::string_view)>& onBytes) {
  SseOutcome outcome;
  if (interrupted_) {
    outcome.kind = SseOutcome::Kind::kInterrupted;
    return outcome;
  }
  auto* multi = static_cast<CURLM*>(multi_);
  std::unique_ptr<CURL, void (*)(CURL*)> easy(curl_easy_init(), curl_easy_cleanup);
  Transfer transfer;
  transfer.easy = easy.get();
  transfer.onOpen = &onOpen;
  transfer.onBytes = &onBytes;
  char errorBuffer[CURL_ERROR_SIZE] = {0};

  curl_slist* headerList = nullptr;
  auto addHeader = [&](const std::string& line) {
    headerList = curl_slist_append(headerList, line.c_str());
  };
  addHeader("Accept: text/event-stream");
  addHeader("Cache-Control: no-cache");
  if (!lastEventId.empty()) addHeader("Last-Event-ID: " + lastEventId);
  for (const auto& [name, value] : request.headers) addHeader(name + ": " + value);
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> headerGuard(headerList, curl_slist_free_all);

  CURL* e = easy.get();
  curl_easy_setopt(e, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, headerList);
  if (!request.userAgent.empty()) curl_easy_setopt(e, CURLOPT_USERAGENT, request.userAgent.c_str());
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connectTimeoutMs));
  // curl measures a stall in whole seconds: at least one.
  curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME,
                   static_cast<long>(std::max<int64_t>(1, (request.idleTimeoutMs + 999) / 1000)));
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errorBuffer);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, onHeader);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, onBody);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &transfer);

  curl_multi_add_handle(multi, e);
  int running = 1;
  CURLMcode mc = CURLM_OK;
  while (!interrupted_) {
    mc = curl_multi_perform(multi, &running);
    if (mc != CURLM_OK || !running) break;
    mc = curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
    if (mc != CURLM_OK) break;
  }
  CURLcode result = CURLE_OK;
  bool finished = false;
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
    if (message->msg == CURLMSG_DONE && message->easy_handle == e) {
      result = message->data.result;
      finished = true;
    }
  }
  curl_multi_remove_handle(multi, e);
  outcome.opened = transfer.opened;

  if (interrupted_ && !finished) {
    outcome.kind = SseOutcome::Kind::kInterrupted;
    return outcome;
  }
  if (mc != CURLM_OK) {
    outcome.kind = SseOutcome::Kind::kNetworkError;
    outcome.message = curl_multi_strerror(mc);
    return outcome;
  }
  if (transfer.refused) {
    outcome.kind = transfer.refusedKind;
    outcome.message = transfer.refusedMessage;
    return outcome;
  }
  if (result == CURLE_OK) {
    if (transfer.opened) {
      outcome.kind = SseOutcome::Kind::kEnded;
      outcome.message = "the server closed the event stream";
    } else {
      // A 200 without headers we could check cannot happen; anything else was refused above.
      outcome.kind = SseOutcome::Kind::kRejected;
      outcome.message = "no event stream in the response";
    }
    return outcome;
  }
  outcome.kind = SseOutcome::Kind::kNetworkError;
  outcome.message = errorBuffer[0] ? std::string(errorBuffer) : curl_easy_strerror(result);
  if (result == CURLE_OPERATION_TIMEDOUT && transfer.opened)
    outcome.message =
        "no data (not even a heartbeat) for " + std::to_string(request.idleTimeoutMs) + " ms";
  return outcome;
}

}  // namespace spate::connector
