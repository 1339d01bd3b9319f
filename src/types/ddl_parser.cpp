// Parses Spark DDL schema strings ("a INT, b ARRAY<STRING>") and type names.
#include <cctype>

#include "common/error.h"
#include "common/strings.h"
#include "types/data_type.h"

namespace spate {

namespace {

class DdlParser {
 public:
  explicit DdlParser(std::string_view text) : text_(text) {}

  TypePtr parseSchema() {
    std::vector<StructField> fields;
    skipSpace();
    if (atEnd()) return DataType::structType({});
    // "struct<...>" as a whole schema is accepted too.
    size_t save = pos_;
    std::string word = toLower(peekWord());
    if (word == "struct") {
      pos_ += word.size();
      skipSpace();
      if (peek() == '<') {
        pos_ = save;
        TypePtr t = parseType();
        expectEnd();
        return t;
      }
      pos_ = save;
    }
    do {
      skipSpace();
      fields.push_back(parseField(false));
      skipSpace();
    } while (consume(','));
    expectEnd();
    return DataType::structType(std::move(fields));
  }

  TypePtr parseSingleType() {
    skipSpace();
    TypePtr t = parseType();
    expectEnd();
    return t;
  }

 private:
  StructField parseField(bool inStruct) {
    std::string name = parseIdentifier();
    skipSpace();
    if (inStruct) consume(':');
    skipSpace();
    TypePtr type = parseType();
    bool nullable = true;
    skipSpace();
    if (toLower(peekWord()) == "not") {
      pos_ += 3;
      skipSpace();
      if (toLower(peekWord()) != "null") fail("NULL");
      pos_ += 4;
      nullable = false;
    }
    skipSpace();
    if (toLower(peekWord()) == "comment") {
      pos_ += 7;
      skipSpace();
      parseQuoted();
    }
    return {name, type, nullable};
  }

  TypePtr parseType() {
    skipSpace();
    std::string word = toLower(peekWord());
    if (word.empty()) fail("a data type");
    pos_ += word.size();
    skipSpace();
    if (word == "array") {
      expect('<');
      TypePtr element = parseType();
      skipSpace();
      expect('>');
      return DataType::array(element);
    }
    if (word == "map") {
      expect('<');
      TypePtr key = parseType();
      skipSpace();
      expect(',');
      TypePtr value = parseType();
      skipSpace();
      expect('>');
      return DataType::map(key, value);
    }
    if (word == "struct") {
      expect('<');
      std::vector<StructField> fields;
      skipSpace();
      if (!consume('>')) {
        do {
          skipSpace();
          fields.push_back(parseField(true));
          skipSpace();
        } while (consume(','));
        expect('>');
      }
      return DataType::structType(std::move(fields));
    }
    if (word == "decimal" || word == "dec" || word == "numeric") {
      int precision = 10, scale = 0;
      if (consume('(')) {
        precision = parseInt();
        skipSpace();
        if (consume(',')) scale = parseInt();
        skipSpace();
        expect(')');
      }
      return DataType::decimal(precision, scale);
    }
    if (word == "varchar" || word == "char" || word == "character") {
      if (consume('(')) {
        parseInt();
        skipSpace();
        expect(')');
      }
      return DataType::string();
    }
    if (word == "boolean" || word == "bool") return DataType::boolean();
    if (word == "tinyint" || word == "byte") return DataType::byte();
    if (word == "smallint" || word == "short") return DataType::shortType();
    if (word == "int" || word == "integer") return DataType::integer();
    if (word == "bigint" || word == "long") return DataType::longType();
    if (word == "float" || word == "real") return DataType::floatType();
    if (word == "double") return DataType::doubleType();
    if (word == "string" || word == "text") return DataType::string();
    if (word == "binary") return DataType::binary();
    if (word == "date") return DataType::date();
    if (word == "timestamp" || word == "timestamp_ltz") return DataType::timestamp();
    if (word == "interval") return DataType::interval();
    if (word == "void" || word == "null") return DataType::null();
    throw ParseException("[UNSUPPORTED_DATATYPE] Unsupported data type \"" + toUpper(word) + "\".");
  }

  std::string parseIdentifier() {
    skipSpace();
    if (consume('`')) {
      std::string out;
      while (!atEnd()) {
        char c = text_[pos_++];
        if (c == '`') {
          if (peek() == '`') {
            out += '`';
            ++pos_;
            continue;
          }
          return out;
        }
        out += c;
      }
      fail("`");
    }
    std::string out;
    while (!atEnd() && (std::isalnum(static_cast<unsigned char>(peek())) || peek() == '_' ||
                        peek() == '$' || static_cast<unsigned char>(peek()) >= 0x80))
      out += text_[pos_++];
    if (out.empty()) fail("an identifier");
    return out;
  }

  std::string parseQuoted() {
    char q = peek();
    if (q != '\'' && q != '"') fail("a string");
    ++pos_;
    std::string out;
    while (!atEnd() && peek() != q) out += text_[pos_++];
    expect(q);
    return out;
  }

  int parseInt() {
    skipSpace();
    int v = 0;
    size_t start = pos_;
    while (!atEnd() && std::isdigit(static_cast<unsigned char>(peek()))) v = v * 10 + (text_[pos_++] - '0');
    if (pos_ == start) fail("a number");
    return v;
  }

  std::string peekWord() const {
    size_t p = pos_;
    while (p < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[p])) || text_[p] == '_')) ++p;
    return std::string(text_.substr(pos_, p - pos_));
  }
  void skipSpace() {
    while (!atEnd() && std::isspace(static_cast<unsigned char>(peek()))) ++pos_;
  }
  bool atEnd() const { return pos_ >= text_.size(); }
  char peek() const { return atEnd() ? '\0' : text_[pos_]; }
  bool consume(char c) {
    skipSpace();
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  void expect(char c) {
    if (!consume(c)) fail(std::string("'") + c + "'");
  }
  void expectEnd() {
    skipSpace();
    if (!atEnd()) fail("end of input");
  }
  [[noreturn]] void fail(const std::string& expected) {
    std::string near = atEnd() ? "end of input" : "'" + std::string(text_.substr(pos_, 1)) + "'";
    throw ParseException("[PARSE_SYNTAX_ERROR] Syntax error at or near " + near + " (expected " +
                         expected + ") in schema \"" + std::string(text_) + "\".");
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

TypePtr parseDdlSchema(std::string_view ddl) { return DdlParser(ddl).parseSchema(); }
TypePtr parseDataType(std::string_view text) { return DdlParser(text).parseSingleType(); }

}  // namespace spate
