// The shell's history file and the session snapshot completion works from.
#include "sql_shell.h"

#include <gtest/gtest.h>
#include <readline/history.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/dataframe.h"
#include "streaming/micro_batch_execution.h"

namespace spate::cli {
namespace {

namespace fs = std::filesystem;

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value)
      ::setenv(name, value, 1);
    else
      ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_)
      ::setenv(name_, old_->c_str(), 1);
    else
      ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

std::vector<std::string> historyEntries() {
  std::vector<std::string> out;
  for (int i = 0; i < history_length; ++i)
    if (HIST_ENTRY* e = history_get(history_base + i)) out.push_back(e->line);
  return out;
}

TEST(SqlShellTest, HistoryFileLocation) {
  {
    ScopedEnv file("SPATE_HISTORY_FILE", nullptr);
    ScopedEnv home("HOME", "/home/someone");
    EXPECT_EQ(historyFilePath(), "/home/someone/.spate_history");
  }
  {
    ScopedEnv file("SPATE_HISTORY_FILE", "/tmp/elsewhere");
    EXPECT_EQ(historyFilePath(), "/tmp/elsewhere");
  }
  {
    ScopedEnv file("SPATE_HISTORY_FILE", "");  // set but empty: no history file
    EXPECT_EQ(historyFilePath(), "");
  }
}

TEST(SqlShellTest, SecretsAreRecognised) {
  EXPECT_TRUE(containsSecret("CREATE TABLE t USING jdbc OPTIONS (url 'jdbc:x', password 'pw')"));
  EXPECT_TRUE(containsSecret("CREATE TABLE t USING kafka OPTIONS (`kafka.sasl.password` 'pw')"));
  EXPECT_TRUE(containsSecret(
      "CREATE TABLE t USING jdbc OPTIONS (url 'jdbc:postgresql://bob:hunter2@db:5432/x')"));
  EXPECT_TRUE(containsSecret("SET my.secret.token=abc"));
  EXPECT_FALSE(containsSecret("CREATE TABLE t USING rate OPTIONS (rowsPerSecond '5')"));
  EXPECT_FALSE(containsSecret("SELECT 'password' AS word"));
  EXPECT_FALSE(containsSecret("not sql at all ("));
}

TEST(SqlShellTest, CatalogOfTheSession) {
  auto session = sql::Session::builder().master("local[1]").getOrCreate();
  session->sql("CREATE TABLE clicks (user STRING, ts TIMESTAMP) USING memory");
  session->sql("CREATE TEMPORARY VIEW v AS SELECT 1 AS one, 'x' AS two");
  CompletionCatalog catalog = completionCatalog(*session);
  ASSERT_EQ(catalog.tables.size(), 2u);
  EXPECT_EQ(catalog.tables[0].name, "clicks");
  EXPECT_EQ(catalog.tables[0].columns, (std::vector<std::string>{"user", "ts"}));
  EXPECT_EQ(catalog.tables[1].name, "v");
  EXPECT_EQ(catalog.tables[1].columns, (std::vector<std::string>{"one", "two"}));
  auto has = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  EXPECT_TRUE(has(catalog.functions, "upper"));
  EXPECT_TRUE(has(catalog.functions, "count"));
  EXPECT_FALSE(has(catalog.functions, "add"));  // the + operator's internal name
  for (const char* format :
       {"console", "csv", "json", "memory", "rate", "rate-micro-batch", "socket", "text"})
    EXPECT_TRUE(has(catalog.formats, format)) << format;
  EXPECT_FALSE(has(catalog.formats, "nope"));
  EXPECT_TRUE(catalog.streams.empty());
}

TEST(SqlShellTest, HistoryIsAppendedBoundedAndReadBack) {
  fs::path dir = fs::temp_directory_path() / ("spate-history-test-" + streaming::randomUuid());
  fs::create_directories(dir);
  std::string file = (dir / "history").string();
  ScopedEnv env("SPATE_HISTORY_FILE", file.c_str());
  auto session = sql::Session::builder().master("local[1]").getOrCreate();
  clear_history();
  {
    ShellLineEditor editor(*session);
    editor.addHistory("SELECT 1;");
    editor.addHistory("SELECT 1;");  // the same again: one entry
    editor.addHistory("SELECT\n  2 AS two;");
    editor.addHistory("CREATE TABLE t USING jdbc OPTIONS (url 'jdbc:x', password 'pw');");
    // In this session's memory, but not in the file.
    EXPECT_EQ(historyEntries().size(), 3u);
  }
  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str().find("password"), std::string::npos);

  clear_history();
  {
    ShellLineEditor editor(*session);
    EXPECT_EQ(historyEntries(), (std::vector<std::string>{"SELECT 1;", "SELECT\n  2 AS two;"}));
    for (int i = 0; i < kHistorySize + 5; ++i)
      editor.addHistory("SELECT " + std::to_string(i) + ";");
  }
  clear_history();
  {
    ShellLineEditor editor(*session);
    auto entries = historyEntries();
    ASSERT_EQ(entries.size(), static_cast<size_t>(kHistorySize));
    EXPECT_EQ(entries.front(), "SELECT 5;");
    EXPECT_EQ(entries.back(), "SELECT " + std::to_string(kHistorySize + 4) + ";");
  }
  clear_history();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace spate::cli
