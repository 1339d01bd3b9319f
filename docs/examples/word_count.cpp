// The quick start's C++ job (docs/quickstart.md): counts the words of the text files in a
// directory. Trigger.AvailableNow processes what is there and stops; run it again after adding
// files and it processes only the new ones, from its checkpoint.
#include <iostream>

#include "api/functions.h"
#include "api/streaming.h"

using namespace spate::sql;
using namespace spate::sql::functions;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: word_count INPUT_DIR CHECKPOINT_DIR\n";
    return 2;
  }
  auto spark = Session::builder().master("local[2]").appName("word-count").getOrCreate();
  DataFrame lines = spark->readStream().text(argv[1]);  // one row per line: value STRING
  DataFrame words = lines.select({explode(split(col("value"), " ")).alias("word")});
  DataFrame counts =
      words.groupBy({col("word")}).count().orderBy({col("count").desc(), col("word")});
  StreamingQuery query = counts.writeStream()
                             .outputMode("complete")
                             .format("console")
                             .option("checkpointLocation", argv[2])
                             .trigger(spate::streaming::Trigger::availableNow())
                             .start();
  query.awaitTermination();
  return 0;
}
