// Completion in the `spate sql` shell: text + cursor + a catalog snapshot → candidates.
#include "sql_completion.h"

#include <gtest/gtest.h>

namespace spate::cli {
namespace {

using Strings = std::vector<std::string>;

CompletionCatalog catalog() {
  CompletionCatalog c;
  c.tables = {{"clicks", {"user", "ts", "url"}},
              {"clients", {"id", "name"}},
              {"Orders", {"order_id", "amount", "user"}}};
  c.functions = {"count", "coalesce", "upper", "unix_timestamp", "window"};
  c.formats = {"console", "csv", "json", "kafka", "memory", "rate", "rate-micro-batch"};
  c.streams = {"clicks_per_user", "alerts"};
  return c;
}

// Completes at the end of `text`.
Strings complete(std::string_view text) {
  return completeSql(text, text.size(), catalog()).candidates;
}

TEST(SqlCompletionTest, StatementKeywordsInTheCaseTyped) {
  EXPECT_EQ(complete("SEL"), Strings({"SELECT"}));
  EXPECT_EQ(complete("sel"), Strings({"select"}));
  EXPECT_EQ(complete("Sel"), Strings({"SELECT"}));
  EXPECT_EQ(complete("s"), Strings({"select", "set", "show", "stop"}));
  EXPECT_EQ(complete("  D"), Strings({"DESCRIBE", "DROP"}));
  // A new statement after a ';'.
  EXPECT_EQ(complete("SELECT 1; ins"), Strings({"insert"}));
}

TEST(SqlCompletionTest, TableNamesAfterFromJoinIntoAndStream) {
  EXPECT_EQ(complete("SELECT * FROM cl"), Strings({"clicks", "clients"}));
  EXPECT_EQ(complete("SELECT * FROM o"), Strings({"Orders"}));  // the catalog's spelling
  EXPECT_EQ(complete("SELECT * FROM clicks c JOIN cli"), Strings({"clicks", "clients"}));
  EXPECT_EQ(complete("SELECT * FROM st"), Strings({"stream"}));
  EXPECT_EQ(complete("SELECT * FROM STREAM(cl"), Strings({"clicks", "clients"}));
  EXPECT_EQ(complete("SELECT * FROM STREAM cl"), Strings({"clicks", "clients"}));
  EXPECT_EQ(complete("INSERT INTO Or"), Strings({"Orders"}));
  EXPECT_EQ(complete("DROP TABLE IF EXISTS c"), Strings({"clicks", "clients"}));
  EXPECT_EQ(complete("DESCRIBE c"), Strings({"clicks", "clients"}));
  EXPECT_EQ(complete("DESCRIBE f"), Strings({"function"}));
}

TEST(SqlCompletionTest, ColumnsOfTheTablesInTheStatement) {
  // The cursor is before FROM: the tables named later in the statement count.
  std::string text = "SELECT u FROM clicks";
  Completion c = completeSql(text, 8, catalog());
  EXPECT_EQ(c.start, 7u);
  EXPECT_EQ(c.candidates, Strings({"union", "unix_timestamp", "upper", "url", "user", "using"}));
  // No table named yet: every table's columns.
  EXPECT_EQ(complete("SELECT am"), Strings({"amount"}));
  EXPECT_EQ(complete("SELECT * FROM clients WHERE n"),
            Strings({"name", "natural", "not", "null", "nulls"}));
  // Nothing typed: only columns.
  EXPECT_EQ(complete("SELECT * FROM clients WHERE "), Strings({"id", "name"}));
  // Several lines of one statement.
  EXPECT_EQ(complete("SELECT user,\n  coun"), Strings({"count"}));
}

TEST(SqlCompletionTest, QualifiedColumnsByTableNameOrAlias) {
  Completion c = completeSql("SELECT c.u FROM clicks c", 10, catalog());
  EXPECT_EQ(c.start, 7u);
  EXPECT_EQ(c.candidates, Strings({"c.url", "c.user"}));
  EXPECT_EQ(complete("SELECT * FROM Orders AS o WHERE o."),
            Strings({"o.amount", "o.order_id", "o.user"}));
  EXPECT_EQ(complete("SELECT clients.n"), Strings({"clients.name"}));
  EXPECT_EQ(complete("SELECT nope.n"), Strings());
  // An alias is not a clause keyword: `FROM clicks WHERE w.` has no alias `where`.
  EXPECT_EQ(complete("SELECT * FROM clicks WHERE where."), Strings());
}

TEST(SqlCompletionTest, FormatsStreamsFunctionsAndShow) {
  EXPECT_EQ(complete("CREATE TABLE t (a INT) USING ra"), Strings({"rate", "rate-micro-batch"}));
  EXPECT_EQ(complete("CREATE TABLE t USING "),
            Strings({"console", "csv", "json", "kafka", "memory", "rate", "rate-micro-batch"}));
  EXPECT_EQ(complete("STOP STREAM a"), Strings({"alerts"}));
  EXPECT_EQ(complete("DESCRIBE FUNCTION u"), Strings({"unix_timestamp", "upper"}));
  EXPECT_EQ(complete("show "), Strings({"FUNCTIONS", "STREAMS", "TABLES"}));
  EXPECT_EQ(complete("show st"), Strings({"streams"}));
}

TEST(SqlCompletionTest, NothingInsideStringsQuotedNamesAndComments) {
  EXPECT_EQ(complete("SELECT 'cl"), Strings());
  EXPECT_EQ(complete("SELECT \"cl"), Strings());
  EXPECT_EQ(complete("SELECT `cl"), Strings());
  EXPECT_EQ(complete("SELECT 1 -- from cl"), Strings());
  EXPECT_EQ(complete("SELECT /* cl"), Strings());
  // Closed ones are fine, escaped quotes included.
  EXPECT_EQ(complete("SELECT 'it\\'s', /* x */ am"), Strings({"amount"}));
  // A ';' inside a string does not start a statement.
  EXPECT_EQ(complete("SELECT ';' FROM cli"), Strings({"clicks", "clients"}));
}

TEST(SqlCompletionTest, CursorInTheMiddleOfTheText) {
  std::string text = "SELECT * FROM cl WHERE user = 'x'";
  Completion c = completeSql(text, 16, catalog());
  EXPECT_EQ(c.start, 14u);
  EXPECT_EQ(c.candidates, Strings({"clicks", "clients"}));
  // A cursor past the end is the end.
  EXPECT_EQ(completeSql("SEL", 99, catalog()).candidates, Strings({"SELECT"}));
}

}  // namespace
}  // namespace spate::cli
