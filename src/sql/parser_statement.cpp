// Statements: queries, CREATE TABLE/VIEW, DROP, INSERT INTO, SHOW, DESCRIBE, EXPLAIN, SET and
// Spate's SHOW STREAMS / STOP STREAM.
#include <cctype>

#include "common/strings.h"
#include "sql/parser_internal.h"

namespace spate::sql_parser {

namespace {

std::string_view unquoteBackticks(std::string_view s, std::string& storage) {
  if (s.size() < 2 || s.front() != '`' || s.back() != '`') return s;
  storage.clear();
  for (size_t k = 1; k + 1 < s.size(); ++k) {
    storage += s[k];
    if (s[k] == '`' && k + 2 < s.size() && s[k + 1] == '`') ++k;
  }
  return storage;
}

}  // namespace

size_t Parser::statementEndToken() const {
  size_t end = tokens_.size() - 1;  // the kEnd token
  while (end > pos_ && tokens_[end - 1].kind == TokenKind::kOperator &&
         tokens_[end - 1].value == ";")
    --end;
  return end;
}

StatementPtr Parser::statement() {
  size_t first = pos_;
  auto st = std::make_shared<Statement>();
  if (atQueryStart()) {
    st->kind = Statement::Kind::kQuery;
    st->query = query();
  } else if (isWord("create")) {
    createStatement(*st);
  } else if (isWord("drop")) {
    dropStatement(*st);
  } else if (isWord("insert")) {
    insertStatement(*st);
  } else if (isWord("show")) {
    showStatement(*st);
  } else if (isWord("describe") || isWord("desc")) {
    describeStatement(*st);
  } else if (isWord("explain")) {
    explainStatement(*st);
  } else if (isWord("set")) {
    setStatement(*st);
  } else if (isWord("stop")) {
    stopStatement(*st);
  } else {
    fail();
  }
  st->text = textFrom(first);
  return st;
}

void Parser::createStatement(Statement& st) {
  expectWord("create");
  if (acceptWord("or")) {
    expectWord("replace");
    st.orReplace = true;
  }
  acceptWord("global");  // global temporary views are plain temporary views here
  st.temporary = acceptWord("temporary") || acceptWord("temp");
  if (acceptWord("view")) {
    st.isView = true;
  } else {
    expectWord("table");
  }
  if (acceptWord("if")) {
    expectWord("not");
    expectWord("exists");
    st.ifNotExists = true;
  }
  st.name = multipartIdentifier();

  std::vector<std::string> viewColumns;
  if (isOp("(")) {
    if (st.isView && atIdentifier(1) && (isOp(",", 2) || isOp(")", 2) || isWord("comment", 2))) {
      // CREATE VIEW v (a, b COMMENT '…') AS …
      ++pos_;
      do {
        viewColumns.push_back(identifier());
        if (acceptWord("comment")) stringContent();
      } while (acceptOp(","));
      expectOp(")");
    } else {
      // (name TYPE [NOT NULL] [COMMENT '…'], …)
      ++pos_;
      std::vector<StructField> fields;
      do {
        StructField field;
        field.name = anyName();
        size_t typeStart = pos_;
        int parens = 0, angles = 0;
        while (!isEnd()) {
          if (isOp("(")) {
            ++parens;
          } else if (isOp(")")) {
            if (parens == 0) break;
            --parens;
          } else if (isOp("<")) {
            ++angles;
          } else if (isOp(">")) {
            --angles;
          } else if (parens == 0 && angles <= 0 &&
                     (isOp(",") || (isWord("not") && isWord("null", 1)) || isWord("comment"))) {
            break;
          }
          ++pos_;
        }
        field.type = typeFromTokens(typeStart, pos_);
        if (acceptWord("not")) {
          expectWord("null");
          field.nullable = false;
        }
        if (acceptWord("comment")) stringContent();
        fields.push_back(std::move(field));
      } while (acceptOp(","));
      expectOp(")");
      st.schema = DataType::structType(std::move(fields));
    }
  }
  if (acceptWord("using")) {
    st.format = anyName();
    while (isOp(".") && atAnyName(1)) {
      ++pos_;
      st.format += "." + anyName();
    }
  }
  while (true) {
    if (acceptWord("options")) {
      for (auto& [key, value] : propertyList()) st.options[key] = value;
    } else if (acceptWord("location")) {
      st.options["path"] = stringContent();
    } else if (acceptWord("comment")) {
      stringContent();
    } else if (acceptWord("tblproperties")) {
      propertyList();  // table metadata only
    } else {
      break;
    }
  }
  bool hasAs = acceptWord("as");
  if (hasAs || atQueryStart()) {
    if (!atQueryStart()) fail();
    st.query = query();
  }
  if (st.isView) {
    if (st.query) {
      st.kind = Statement::Kind::kCreateViewAs;
      if (!viewColumns.empty())
        st.query = withColumnAliases(st.query, st.name.back(), std::move(viewColumns));
      return;
    }
    if (st.format.empty()) fail();  // a view needs AS query or USING format
  }
  if (!viewColumns.empty()) fail();
  st.kind = Statement::Kind::kCreateTable;
}

std::map<std::string, std::string> Parser::propertyList() {
  size_t listToken = pos_;
  expectOp("(");
  std::map<std::string, std::string> out;
  if (!isOp(")")) {
    do {
      // key: a string or a dotted name (kafka.bootstrap.servers), as written
      std::string key;
      if (peek().kind == TokenKind::kString) {
        key = tokens_[pos_++].value;  // one literal: 'key' 'value' are two
      } else {
        size_t start = pos_;
        anyName();
        while (isOp(".") && atAnyName(1)) pos_ += 2;
        for (size_t k = start; k < pos_; ++k) key += tokens_[k].text;
      }
      acceptOp("=");
      std::string value;
      const Token& t = peek();
      if (t.kind == TokenKind::kString) {
        value = t.value;
        ++pos_;
      } else if (t.kind == TokenKind::kNumber) {
        value = std::string(t.text);
        ++pos_;
      } else if (isWord("true") || isWord("false")) {
        value = t.value;
        ++pos_;
      } else {
        fail();
      }
      if (out.count(key))
        raiseAt(listToken, "DUPLICATE_KEY", "Found duplicate keys " + quoteIdentifier(key) + ".");
      out[key] = std::move(value);
    } while (acceptOp(","));
  }
  expectOp(")");
  return out;
}

void Parser::dropStatement(Statement& st) {
  expectWord("drop");
  st.kind = Statement::Kind::kDropTable;
  if (acceptWord("view")) {
    st.isView = true;
  } else {
    expectWord("table");
  }
  if (acceptWord("if")) {
    expectWord("exists");
    st.ifExists = true;
  }
  st.name = multipartIdentifier();
  if (!st.isView) acceptWord("purge");
}

void Parser::insertStatement(Statement& st) {
  expectWord("insert");
  expectWord("into");
  acceptWord("table");
  st.kind = Statement::Kind::kInsertInto;
  st.name = multipartIdentifier();
  if (!atQueryStart()) fail();
  st.query = query();
}

void Parser::showStatement(Statement& st) {
  expectWord("show");
  if (acceptWord("tables")) {
    st.kind = Statement::Kind::kShowTables;
  } else if (acceptWord("functions")) {
    st.kind = Statement::Kind::kShowFunctions;
  } else if (acceptWord("streams")) {
    st.kind = Statement::Kind::kShowStreams;
  } else {
    fail();
  }
}

void Parser::describeStatement(Statement& st) {
  ++pos_;  // DESCRIBE | DESC
  st.kind = Statement::Kind::kDescribe;
  if (acceptWord("function")) {
    st.describeFunction = true;
    st.extended = acceptWord("extended");
    const Token& t = peek();
    if (t.kind == TokenKind::kString) {
      st.name = {stringContent()};
    } else if (t.kind == TokenKind::kOperator && t.value != "(" && t.value != ";") {
      st.name = {std::string(t.text)};  // DESCRIBE FUNCTION +
      ++pos_;
    } else {
      st.name = {anyName()};
      while (isOp(".") && atAnyName(1)) {
        ++pos_;
        st.name.push_back(anyName());
      }
    }
    return;
  }
  if (acceptWord("query") || (atQueryStart() && !isWord("table"))) {
    st.query = query();
    return;
  }
  acceptWord("table");
  st.extended = acceptWord("extended") || acceptWord("formatted");
  st.name = multipartIdentifier();
}

void Parser::explainStatement(Statement& st) {
  expectWord("explain");
  st.kind = Statement::Kind::kExplain;
  for (std::string_view mode : {"extended", "formatted", "codegen", "cost", "logical"}) {
    if (acceptWord(mode)) {
      st.explainMode = std::string(mode);
      break;
    }
  }
  st.extended = st.explainMode == "extended";
  if (!atQueryStart()) fail();
  st.query = query();
}

void Parser::setStatement(Statement& st) {
  size_t setToken = pos_;
  expectWord("set");
  st.kind = Statement::Kind::kSet;
  size_t end = statementEndToken();
  if (pos_ >= end) return;  // SET: list the configuration
  if (isWord("time") && isWord("zone", 1)) {
    pos_ += 2;
    st.key = "spark.sql.session.timeZone";
    st.hasValue = true;
    if (acceptWord("local")) {
      st.value = TimeZone::systemZoneId();
    } else {
      st.value = stringContent();
    }
    return;
  }
  // The rest is raw text: SET spark.sql.shuffle.partitions = 4
  std::string_view rest =
      sql_.substr(tokens_[pos_].begin, tokens_[end - 1].end - tokens_[pos_].begin);
  pos_ = end;
  std::string_view key = rest;
  size_t eq = rest.find('=');
  if (eq != std::string_view::npos) {
    key = rest.substr(0, eq);
    std::string storage;
    st.value = std::string(unquoteBackticks(trimWhitespace(rest.substr(eq + 1)), storage));
    st.hasValue = true;
  }
  key = trimWhitespace(key);
  bool quoted = key.size() >= 2 && key.front() == '`' && key.back() == '`';
  bool valid = !key.empty();
  for (char c : key) valid = valid && (quoted || !std::isspace(static_cast<unsigned char>(c)));
  if (!valid)
    raiseAt(setToken, "INVALID_SET_SYNTAX",
            "Expected format is 'SET', 'SET key', or 'SET key=value'. If you want to include "
            "special characters in key, or include semicolon in value, please use backquotes, "
            "e.g., SET `key`=`value`.");
  std::string storage;
  st.key = std::string(unquoteBackticks(key, storage));
}

void Parser::stopStatement(Statement& st) {
  expectWord("stop");
  expectWord("stream");
  st.kind = Statement::Kind::kStopStream;
  if (peek().kind == TokenKind::kString) {
    st.name = {stringContent()};
  } else {
    st.name = multipartIdentifier();
  }
}

}  // namespace spate::sql_parser
