// `spate kafka-broker`: a standalone Kafka-protocol broker cluster (librdkafka's mock cluster)
// for demos and tests across processes. Prints the bootstrap list on stdout (and writes it to
// --bootstrap-file atomically, for scripts waiting on it), then runs until SIGINT or SIGTERM.
#include <signal.h>

#include <charconv>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli_options.h"
#include "connector/api/metadata_files.h"
#include "connector/kafka/mock_cluster.h"

namespace spate::cli {

namespace {

const char* kKafkaBrokerUsage =
    "Usage: spate kafka-broker [--brokers N] [--topic NAME:PARTITIONS]... [--bootstrap-file F]\n"
    "\n"
    "Runs a Kafka-protocol broker cluster on 127.0.0.1 (librdkafka's mock cluster) until\n"
    "SIGINT/SIGTERM and prints its bootstrap servers. Unknown topics are created on first use\n"
    "with 4 partitions; the broker keeps about 5 MB per partition.\n"
    "\n"
    "  --brokers N              number of brokers (default 1)\n"
    "  --topic NAME:PARTITIONS  create a topic (repeatable)\n"
    "  --bootstrap-file F       also write the bootstrap servers to F\n";

int parsePositive(const std::string& text, const std::string& what) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1)
    throw std::invalid_argument(what + " must be a positive number, got '" + text + "'");
  return value;
}

struct TopicSpec {
  std::string name;
  int partitions = 1;
};

}  // namespace

int runKafkaBrokerCommand(const CommonOptions& options) {
  int brokers = 1;
  std::vector<TopicSpec> topics;
  std::string bootstrapFile;
  const auto& args = options.args;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i], value;
    auto eq = arg.find('=');
    bool inlineValue = arg.starts_with("--") && eq != std::string::npos;
    if (inlineValue) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    }
    auto next = [&]() -> std::string {
      if (inlineValue) return value;
      if (i + 1 >= args.size()) throw std::invalid_argument(arg + " needs a value");
      return args[++i];
    };
    if (arg == "--help" || arg == "-h") {
      std::cout << kKafkaBrokerUsage;
      return 0;
    } else if (arg == "--brokers") {
      brokers = parsePositive(next(), "--brokers");
    } else if (arg == "--topic") {
      std::string spec = next();
      auto colon = spec.rfind(':');
      TopicSpec topic;
      topic.name = spec.substr(0, colon);
      if (colon != std::string::npos)
        topic.partitions = parsePositive(spec.substr(colon + 1), "the partition count of " + spec);
      if (topic.name.empty()) throw std::invalid_argument("--topic needs NAME:PARTITIONS");
      topics.push_back(topic);
    } else if (arg == "--bootstrap-file") {
      bootstrapFile = next();
    } else {
      throw std::invalid_argument("unknown kafka-broker option '" + args[i] + "'\n\n" +
                                  kKafkaBrokerUsage);
    }
  }

  // Block the stop signals before librdkafka starts its threads (they inherit the mask), so
  // that only sigwait below receives them.
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  connector::kafka::MockCluster cluster(brokers);
  for (const auto& topic : topics) {
    Status created = cluster.createTopic(topic.name, topic.partitions);
    if (!created.ok()) {
      std::cerr << "spate kafka-broker: " << created.error().message << "\n";
      return 1;
    }
  }
  std::cout << cluster.bootstrapServers() << std::endl;
  if (!bootstrapFile.empty()) {
    Status written =
        connector::writeFileAtomically(bootstrapFile, cluster.bootstrapServers() + "\n");
    if (!written.ok()) {
      std::cerr << "spate kafka-broker: " << written.error().message << "\n";
      return 1;
    }
  }
  std::cerr << "Kafka broker cluster of " << brokers << " broker(s) at "
            << cluster.bootstrapServers() << "; stop it with Ctrl-C or SIGTERM\n";
  int signal = 0;
  sigwait(&stopSignals, &signal);
  std::cerr << "Stopping the Kafka broker cluster\n";
  return 0;
}

}  // namespace spate::cli
