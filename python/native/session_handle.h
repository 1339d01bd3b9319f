#pragma once

#include "api/session.h"

namespace spate::python {

/// The engine session as the Python side holds it. A wrapper rather than the shared_ptr itself so
/// that its holder can release the GIL while the last reference goes (which stops the session's
/// queries and joins their threads).
struct SessionHandle {
  sql::SessionPtr session;
};

}  // namespace spate::python
