// The function reference generated from the registry (docs/functions.md).
#include "function_reference.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace spate::cli {
namespace {

const FunctionDoc* find(const std::vector<FunctionDoc>& docs, const std::string& name) {
  for (const auto& d : docs)
    if (d.name == name) return &d;
  return nullptr;
}

TEST(FunctionReferenceTest, DocsFromTheRegistry) {
  auto docs = functionDocs(FunctionRegistry::instance());
  const FunctionDoc* upper = find(docs, "upper");
  ASSERT_TRUE(upper);
  EXPECT_EQ(upper->kind, "scalar");
  EXPECT_EQ(upper->family, "string");
  EXPECT_EQ(upper->signature, "upper(str)");
  EXPECT_EQ(upper->description, "Upper case.");  // the registry's "upper case", as a sentence

  const FunctionDoc* count = find(docs, "count");
  ASSERT_TRUE(count);
  EXPECT_EQ(count->kind, "aggregate");
  EXPECT_EQ(count->family, "aggregate");

  const FunctionDoc* explode = find(docs, "explode");
  ASSERT_TRUE(explode);
  EXPECT_EQ(explode->kind, "generator");

  // A synonym sharing its twin's usage is named as an alias, with its own name in the signature.
  const FunctionDoc* any = find(docs, "any");
  ASSERT_TRUE(any);
  EXPECT_EQ(any->aliasOf, "bool_or");
  EXPECT_EQ(any->signature, "any(expr)");
  EXPECT_EQ(any->description.rfind("Alias of `bool_or`. ", 0), 0u) << any->description;

  // Operators' internal names are not SQL functions; the planner's functions are listed.
  EXPECT_FALSE(find(docs, "add"));
  EXPECT_FALSE(find(docs, "__internal"));
  const FunctionDoc* window = find(docs, "window");
  ASSERT_TRUE(window);
  EXPECT_EQ(window->family, "planner");
  // Every registry function has a usage line.
  for (const auto& d : docs) EXPECT_FALSE(d.description.empty()) << d.name;
}

TEST(FunctionReferenceTest, Markdown) {
  std::vector<FunctionDoc> docs = {
      {"lower", "scalar", "string", "lower(str)", "Lower case.", ""},
      {"max", "aggregate", "aggregate", "max(expr)", "The largest value.", ""},
      {"odd", "scalar", "newfamily", "odd(a|b)", "Pipes | escaped.", ""},
  };
  std::string md = functionReferenceMarkdown(docs);
  EXPECT_NE(md.find("3 functions (2 scalar, 1 aggregate, 0 generator)"), std::string::npos);
  // Sections in the reference's order, a family it does not know at the end.
  size_t aggregate = md.find("\n## Aggregate functions\n");
  size_t strings = md.find("\n## String functions\n");
  size_t other = md.find("\n## newfamily functions\n");
  ASSERT_NE(aggregate, std::string::npos);
  ASSERT_NE(strings, std::string::npos);
  ASSERT_NE(other, std::string::npos);
  EXPECT_LT(aggregate, strings);
  EXPECT_LT(strings, other);
  EXPECT_NE(md.find("- [Aggregate functions](#aggregate-functions) (1)\n"), std::string::npos);
  EXPECT_NE(md.find("| `lower` | scalar | `lower(str)` | Lower case. |\n"), std::string::npos);
  EXPECT_NE(md.find("| `odd` | scalar | `odd(a\\|b)` | Pipes \\| escaped. |\n"), std::string::npos);
  EXPECT_EQ(md.find("## Generators"), std::string::npos);  // no empty sections
}

TEST(FunctionReferenceTest, PlainList) {
  std::vector<FunctionDoc> docs = {{"lower", "scalar", "string", "lower(str)", "Lower case.", ""},
                                   {"pi", "scalar", "math", "pi()", "", ""}};
  EXPECT_EQ(functionListText(docs), "lower\tscalar\tlower(str) - Lower case.\npi\tscalar\tpi()\n");
}

}  // namespace
}  // namespace spate::cli
