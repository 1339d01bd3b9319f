#pragma once

#include <memory>

#include "api/session.h"
#include "server/ui_server.h"

namespace spate::cli {

/// The session's web UI (server::startUi), or null when disabled or when it cannot start: a job
/// keeps running without its UI, with a warning saying why.
std::shared_ptr<server::UiServer> startWebUi(const sql::SessionPtr& session);

}  // namespace spate::cli
