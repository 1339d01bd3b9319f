#include "web_ui.h"

#include "common/error.h"
#include "common/logging.h"
#include "server/session_ui.h"

namespace spate::cli {

std::shared_ptr<server::UiServer> startWebUi(const sql::SessionPtr& session) {
  try {
    return server::startUi(session);
  } catch (const IllegalArgumentException&) {
    throw;  // a wrong setting is the user's to fix, as any other --conf error
  } catch (const std::exception& e) {
    logWarn("SparkUI", "The web UI did not start: {}", e.what());
    return nullptr;
  }
}

}  // namespace spate::cli
