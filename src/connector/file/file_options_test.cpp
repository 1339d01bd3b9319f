#include <gtest/gtest.h>

#include <filesystem>

#include "common/error.h"
#include "connector/file/file_formats.h"
#include "connector/file/file_test_support.h"

namespace spate {
namespace {

using testing::TempDir;

TEST(FileOptionsTest, KeysAreCaseInsensitive) {
  FileOptions options({{"Header", "TRUE"}, {"SEP", ";"}});
  EXPECT_EQ(options.get("header"), "TRUE");
  EXPECT_EQ(options.get("hEaDeR"), "TRUE");
  EXPECT_EQ(options.getOr("sep", ","), ";");
  EXPECT_EQ(options.getOr("quote", "\""), "\"");
  EXPECT_FALSE(options.get("missing").has_value());
  EXPECT_EQ(options.all().count("sep"), 1u);
}

TEST(FileOptionsTest, GetBoolAcceptsTrueAndFalseInAnyCase) {
  FileOptions options({{"a", "True"}, {"b", "FALSE"}, {"c", "yes"}, {"d", ""}});
  EXPECT_TRUE(options.getBool("a", false));
  EXPECT_FALSE(options.getBool("b", true));
  EXPECT_TRUE(options.getBool("absent", true));
  EXPECT_FALSE(options.getBool("absent", false));
  EXPECT_THROW(options.getBool("c", false), IllegalArgumentException);
  EXPECT_THROW(options.getBool("d", false), IllegalArgumentException);
}

TEST(ListDataFilesTest, SingleFileListsItself) {
  TempDir dir;
  std::string file = dir.write("a.csv", "x\n");
  EXPECT_EQ(listDataFiles(file), std::vector<std::string>{file});
  EXPECT_EQ(listDataFiles("file:" + file), std::vector<std::string>{file});
  EXPECT_EQ(listDataFiles("file://" + file), std::vector<std::string>{file});
}

TEST(ListDataFilesTest, DirectoryIsListedOneLevelSortedWithoutHiddenFiles) {
  TempDir dir;
  std::string b = dir.write("b.csv", "1\n");
  std::string a = dir.write("a.csv", "1\n");
  std::string c = dir.write("c.txt", "1\n");
  dir.write("_SUCCESS", "");
  dir.write(".a.csv.crc", "");
  dir.write("part.crc", "");
  dir.write(".hidden", "");
  dir.write("x._COPYING_", "");
  dir.write("sub/d.csv", "1\n");
  std::string partition = dir.write("_k=1", "1\n");  // '=' makes "_" names visible (Spark)
  EXPECT_EQ(listDataFiles(dir.path()), (std::vector<std::string>{partition, a, b, c}));
  EXPECT_EQ(listDataFiles(dir.path() + "/"), (std::vector<std::string>{partition, a, b, c}));
  auto recursive = listDataFiles(dir.path(), true);
  EXPECT_EQ(recursive.size(), 5u);
  EXPECT_EQ(recursive.back(), dir.path() + "/sub/d.csv");
}

TEST(ListDataFilesTest, EmptyDirectoryHasNoFiles) {
  TempDir dir;
  dir.write("_SUCCESS", "");
  EXPECT_TRUE(listDataFiles(dir.path()).empty());
}

TEST(ListDataFilesTest, GlobsInTheLastComponent) {
  TempDir dir;
  std::string a1 = dir.write("a1.csv", "");
  std::string a2 = dir.write("a2.csv", "");
  std::string b1 = dir.write("b1.csv", "");
  std::string a10 = dir.write("a10.csv", "");
  std::string json = dir.write("a1.json", "");
  dir.write("_a3.csv", "");
  const std::string& d = dir.path();
  EXPECT_EQ(listDataFiles(d + "/*.csv"), (std::vector<std::string>{a1, a10, a2, b1}));
  EXPECT_EQ(listDataFiles(d + "/a?.csv"), (std::vector<std::string>{a1, a2}));
  EXPECT_EQ(listDataFiles(d + "/[ab]1.csv"), (std::vector<std::string>{a1, b1}));
  EXPECT_EQ(listDataFiles(d + "/[^a]*"), (std::vector<std::string>{b1}));
  EXPECT_EQ(listDataFiles(d + "/[a-b]2.csv"), (std::vector<std::string>{a2}));
  EXPECT_EQ(listDataFiles(d + "/a1.{csv,json}"), (std::vector<std::string>{a1, json}));
  EXPECT_EQ(listDataFiles(d + "/{a,b}1*"), (std::vector<std::string>{a1, json, a10, b1}));
  EXPECT_EQ(listDataFiles(d + "/_*"), (std::vector<std::string>{d + "/_a3.csv"}));
}

TEST(ListDataFilesTest, GlobOverDirectoriesListsTheirFiles) {
  TempDir dir;
  std::string x = dir.write("day=1/x.csv", "");
  std::string y = dir.write("day=2/y.csv", "");
  dir.write("other/z.csv", "");
  EXPECT_EQ(listDataFiles(dir.path() + "/day=*"), (std::vector<std::string>{x, y}));
  EXPECT_EQ(listDataFiles(dir.path() + "/day=*/*.csv"), (std::vector<std::string>{x, y}));
}

TEST(ListDataFilesTest, RelativePathsAreResolved) {
  TempDir dir;
  std::string file = dir.write("rel.csv", "");
  auto cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  auto files = listDataFiles("./rel.csv");
  std::filesystem::current_path(cwd);
  EXPECT_EQ(files, std::vector<std::string>{file});
}

TEST(ListDataFilesTest, MissingPathIsPathNotFound) {
  TempDir dir;
  std::string missing = dir.path() + "/nope.csv";
  try {
    listDataFiles(missing);
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_EQ(std::string(e.what()), "[PATH_NOT_FOUND] Path does not exist: file:" + missing + ".");
    EXPECT_EQ(e.errorClass(), "PATH_NOT_FOUND");
  }
  try {
    listDataFiles(dir.path() + "/*.parquet");
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_EQ(std::string(e.what()),
              "[PATH_NOT_FOUND] Path does not exist: file:" + dir.path() + "/*.parquet.");
  }
  try {
    listDataFiles("file:" + dir.path() + "/x/../nope/");
    FAIL();
  } catch (const AnalysisException& e) {
    EXPECT_EQ(std::string(e.what()),
              "[PATH_NOT_FOUND] Path does not exist: file:" + dir.path() + "/nope.");
  }
}

TEST(ListDataFilesTest, ExplicitHiddenFileIsRead) {
  TempDir dir;
  std::string file = dir.write("_part.csv", "");
  EXPECT_EQ(listDataFiles(file), std::vector<std::string>{file});
}

}  // namespace
}  // namespace spate
