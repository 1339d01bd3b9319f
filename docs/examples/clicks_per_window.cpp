// docs/streaming.md's example: clicks per user and 10-minute window, from JSON files arriving in
// a directory, updated every minute on the console.
#include <iostream>
#include <memory>

#include "api/functions.h"
#include "api/streaming.h"

using namespace spate::sql;
using namespace spate::sql::functions;

// Prints each progress report as one line of JSON on standard error.
class PrintProgress : public spate::streaming::StreamingQueryListener {
 public:
  void onQueryProgress(const spate::streaming::QueryProgressEvent& event) override {
    std::cerr << event.progress.json() << "\n";
  }
};

StreamingQuery startClicksPerWindow(const SessionPtr& spark, const std::string& input,
                                    const std::string& checkpoint) {
  DataFrame clicks = spark->readStream()
                         .schema("user STRING, ts TIMESTAMP")  // file sources need a schema
                         .option("maxFilesPerTrigger", 10)
                         .json(input);
  DataFrame perWindow =
      clicks.withWatermark("ts", "1 minute")
          .groupBy({window(col("ts"), "10 minutes"), col("user")})
          .count()
          .select({col("window.start").alias("start"), col("user"), col("count")});
  return perWindow.writeStream()
      .outputMode("update")
      .format("console")
      .queryName("clicks_per_window")
      .option("checkpointLocation", checkpoint)
      .trigger("1 minute")
      .start();
}

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: clicks_per_window INPUT_DIR CHECKPOINT_DIR\n";
    return 2;
  }
  auto spark = Session::builder().master("local[4]").appName("clicks").getOrCreate();
  spark->streams().addListener(std::make_shared<PrintProgress>());
  StreamingQuery query = startClicksPerWindow(spark, argv[1], argv[2]);
  query.awaitTermination();  // until the process is stopped, or the query fails
  return 0;
}
