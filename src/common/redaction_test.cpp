#include "common/redaction.h"

#include <gtest/gtest.h>

namespace spate {
namespace {

TEST(RedactionTest, SecretKeysFollowSparksDefaultRegex) {
  EXPECT_TRUE(isSecretKey("password"));
  EXPECT_TRUE(isSecretKey("PASSWORD"));
  EXPECT_TRUE(isSecretKey("kafka.ssl.key.password"));
  EXPECT_TRUE(isSecretKey("kafka.sasl.oauthbearer.token.endpoint.url"));
  EXPECT_TRUE(isSecretKey("fs.s3a.access.key"));
  EXPECT_TRUE(isSecretKey("client_secret"));
  EXPECT_FALSE(isSecretKey("user"));
  EXPECT_FALSE(isSecretKey("kafka.bootstrap.servers"));
  EXPECT_FALSE(isSecretKey("accesskey"));  // Spark's regex wants "access.key"
}

TEST(RedactionTest, RedactOptionsHidesSecretValuesAndUrlCredentials) {
  auto out = redactOptions({{"user", "bob"},
                            {"password", "hunter22"},
                            {"url", "jdbc:postgresql://db:5432/app?user=bob&password=pw123&ssl=true"}});
  EXPECT_EQ(out["user"], "bob");
  EXPECT_EQ(out["password"], "*********(redacted)");
  EXPECT_EQ(out["url"], "jdbc:postgresql://db:5432/app?user=bob&password=*********(redacted)&ssl=true");
}

TEST(RedactionTest, RedactUrlHidesUserInfoPassword) {
  EXPECT_EQ(redactUrl("postgresql://bob:s3cret@db:5432/app"), "postgresql://bob:*********(redacted)@db:5432/app");
  EXPECT_EQ(redactUrl("host=db user=bob password=abc123 dbname=app"),
            "host=db user=bob password=*********(redacted) dbname=app");
  EXPECT_EQ(redactUrl("jdbc:sqlite:/tmp/x.db"), "jdbc:sqlite:/tmp/x.db");
  EXPECT_EQ(redactUrl(""), "");
}

TEST(RedactionTest, RedactSecretsScrubsMessagesQuotingTheValues) {
  std::map<std::string, std::string> options{{"password", "hunter22"},
                                             {"url", "postgresql://bob:s3cret@db/app"},
                                             {"dbtable", "t"}};
  EXPECT_EQ(redactSecrets("auth failed for hunter22 at postgresql://bob:s3cret@db/app (hunter22)", options),
            "auth failed for *********(redacted) at postgresql://bob:*********(redacted)@db/app "
            "(*********(redacted))");
  // Non-secret option values are left alone.
  EXPECT_EQ(redactSecrets("table t missing", options), "table t missing");
}

}  // namespace
}  // namespace spate
