#pragma once

// Spark's longer Kafka messages (KafkaSourceProvider), shared by the options, the source and
// the reader. The odd line breaks and trailing spaces are Scala's stripMargin output.

namespace spate::connector::kafka {

/// Appended to a data-loss error when failOnDataLoss is true.
inline constexpr const char* kDataLossFailInstruction =
    "Some data may have been lost because they are not available in Kafka any more; either the\n"
    " data was aged out by Kafka or the topic may have been deleted before all the data in the\n"
    " topic was processed. If you don't want your streaming query to fail on such cases, set the\n"
    " source option \"failOnDataLoss\" to \"false\".\n    ";

/// Appended to a data-loss warning when failOnDataLoss is false.
inline constexpr const char* kDataLossWarnInstruction =
    "\nSome data may have been lost because they are not available in Kafka any more; either the\n"
    " data was aged out by Kafka or the topic may have been deleted before all the data in the\n"
    " topic was processed. If you want your streaming query to fail on such cases, set the source\n"
    " option \"failOnDataLoss\" to \"true\".\n    ";

/// The warning logged when kafka.group.id is set.
inline constexpr const char* kCustomGroupIdMessage =
    "Kafka option 'kafka.group.id' has been set on this query, it is\n"
    " not recommended to set this option. This option is unsafe to use since multiple concurrent\n"
    " queries or sources using the same group id will interfere with each other as they are part\n"
    " of the same consumer group. Restarted queries may also suffer interference from the\n"
    " previous run having the same group id. The user should have only one query per group id,\n"
    " and/or set the option 'kafka.session.timeout.ms' to be very small so that the Kafka\n"
    " consumers from the previous query are marked dead by the Kafka group coordinator before the\n"
    " restarted query starts running.\n    ";

}  // namespace spate::connector::kafka
