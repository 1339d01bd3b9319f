#pragma once

// The entry point that starts a session's web UI from its configuration (Spark's SparkUI, started
// with the SparkContext). `spate run`, `spate sql`, `spate pyspark` and Python sessions call it;
// engine code and unit tests never do, so they open no ports.
//
//   sql::SessionPtr spark = sql::Session::builder().getOrCreate();
//   std::shared_ptr<server::UiServer> ui = server::startUi(spark);  // null if
//   spark.ui.enabled=false
//   ... ui->url() …; ui->get("/crypto/…", …);                       // application routes
//   ui.reset();                                                      // or ui->stop(): closes it
//
// Keep the returned pointer as long as the UI should serve (e.g. next to the session object);
// the server holds the session weakly, so either may go first. Configuration:
//   spark.ui.enabled (true), spark.ui.port (4040; 0 = any free port), spark.port.maxRetries (16),
//   spate.ui.host (127.0.0.1), spate.ui.token (unset; generated and printed when the host is not
//   loopback), spark.sql.streaming.ui.retainedProgressUpdates (1000),
//   spark.sql.streaming.ui.retainedQueries (100).

#include <memory>

#include "api/session.h"
#include "server/ui_server.h"

namespace spate::server {

/// Starts the UI of `session` with the streaming pages and /metrics, or returns null when
/// spark.ui.enabled is false. Throws IllegalArgumentException on an unusable setting and
/// ExecutionException when no port is free.
std::shared_ptr<UiServer> startUi(const sql::SessionPtr& session);

/// startUi for programs that should run on without their UI (spate run, the shells, Python
/// sessions): when the server cannot start (no free port), logs a warning and returns null. A
/// malformed setting still throws IllegalArgumentException: it is the user's to fix.
std::shared_ptr<UiServer> tryStartUi(const sql::SessionPtr& session);

}  // namespace spate::server
