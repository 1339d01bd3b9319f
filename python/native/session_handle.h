#pragma once

#include <memory>

#include "api/session.h"
#include "server/ui_server.h"

namespace spate::python {

/// The engine session as the Python side holds it. A wrapper rather than the shared_ptr itself so
/// that its holder can release the GIL while the last reference goes (which stops the session's
/// queries and joins their threads).
struct SessionHandle {
  sql::SessionPtr session;
  /// The session's web UI (server::tryStartUi), null when disabled; closed by stop(). Declared
  /// after the session: it goes first.
  std::shared_ptr<server::UiServer> ui;
};

}  // namespace spate::python
