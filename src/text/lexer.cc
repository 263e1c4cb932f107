#include "text/lexer.hh"

#include <limits>

#include "support/error.hh"
#include "support/utf8.hh"

namespace wasmprof::text {
namespace {


int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) { list_.text = text; }

  TokenList run() {
    if (text_.size() > std::numeric_limits<uint32_t>::max() / 2)
      throw_error(ErrorKind::Limit, "the text is larger than 2 GiB");
    while (true) {
      skip_blank();
      if (pos_ == text_.size()) break;
      next_token();
    }
    if (!open_.empty()) fail_at(list_.tokens[open_.back()].offset, "unclosed '(': expected ')' before the end of the text");
    list_.tokens.push_back(Token{TokenKind::End, uint32_t(text_.size()), 0, 0});
    return std::move(list_);
  }

 private:
  [[noreturn]] void fail_at(size_t offset, std::string message) const {
    throw_error(ErrorKind::Malformed, std::move(message), offset);
  }

  char peek(size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

  // Whitespace and comments between tokens.
  void skip_blank() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else if (c == ';' && peek(1) == ';') {
        skip_line_comment();
      } else if (c == '(' && peek(1) == ';') {
        skip_block_comment();
      } else {
        return;
      }
    }
  }

  // Comments may hold any character, so they are checked to be UTF-8 as the whole text must be.
  void skip_comment_character() {
    if (uint8_t(text_[pos_]) < 0x80) {
      ++pos_;
      return;
    }
    const size_t length = decode_utf8(text_.substr(pos_)).length;
    if (length == 0) fail_at(pos_, "malformed UTF-8 encoding");
    pos_ += length;
  }

  // A line comment ends at a newline: LF, CR or both (the 2.0 suite's comments.wast has each).
  void skip_line_comment() {
    while (pos_ < text_.size() && text_[pos_] != '\n' && text_[pos_] != '\r') skip_comment_character();
  }

  // Block comments nest: `(; (; ;) ;)` is one comment. A counter, not recursion.
  void skip_block_comment() {
    const size_t start = pos_;
    pos_ += 2;
    size_t depth = 1;
    while (depth > 0) {
      if (pos_ >= text_.size()) fail_at(start, "unterminated block comment");
      if (text_[pos_] == '(' && peek(1) == ';') {
        ++depth;
        pos_ += 2;
      } else if (text_[pos_] == ';' && peek(1) == ')') {
        --depth;
        pos_ += 2;
      } else {
        skip_comment_character();
      }
    }
  }

  void next_token() {
    const char c = text_[pos_];
    if (c == '(' && peek(1) == '@') {
      skip_annotation();
    } else if (c == '(') {
      open_paren();
    } else if (c == ')') {
      close_paren();
    } else if (c == '"') {
      string_token();
    } else if (is_idchar(c)) {
      idchar_token();
    } else {
      fail_at(pos_, uint8_t(c) < 0x80 ? std::string("unexpected character '") + c + "'"
                                      : std::string("unexpected character outside a string or comment"));
    }
  }

  void open_paren() {
    if (open_.size() >= kMaxNesting)
      throw_error(ErrorKind::Limit, "parentheses nested deeper than " + std::to_string(kMaxNesting), pos_);
    open_.push_back(uint32_t(list_.tokens.size()));
    list_.tokens.push_back(Token{TokenKind::LeftParen, uint32_t(pos_), 1, 0});
    ++pos_;
  }

  void close_paren() {
    if (open_.empty()) fail_at(pos_, "unexpected ')'");
    list_.tokens[open_.back()].value = uint32_t(list_.tokens.size());
    open_.pop_back();
    list_.tokens.push_back(Token{TokenKind::RightParen, uint32_t(pos_), 1, 0});
    ++pos_;
  }

  // An annotation `(@id ...)` (the annotations proposal, part of 3.0's text format) is skipped
  // whole: its tokens, nested parentheses, strings and comments, with a counter, not recursion.
  void skip_annotation() {
    const size_t start = pos_;
    pos_ += 2;
    if (peek() == '"') {  // a name written as a string (3.0: `(@"name" ...)`)
      const std::string name = string_bytes();
      if (name.empty()) fail_at(start, "empty annotation name");
      if (!is_valid_utf8(name)) fail_at(start, "malformed UTF-8 encoding: an annotation's name is a name");
    } else if (!is_idchar(peek())) {
      fail_at(pos_, "expected an annotation name after '(@'");
    }
    size_t depth = 1;
    while (depth > 0) {
      skip_blank();
      if (pos_ >= text_.size()) fail_at(start, "unclosed annotation: expected ')' before the end of the text");
      const char c = text_[pos_];
      if (c == '(') {
        ++depth;
        ++pos_;
      } else if (c == ')') {
        --depth;
        ++pos_;
      } else if (c == '"') {
        string_bytes();
      } else if (is_idchar(c)) {
        while (pos_ < text_.size() && is_idchar(text_[pos_])) ++pos_;
      } else if (c == ',' || c == ';' || c == '[' || c == ']' || c == '{' || c == '}') {
        ++pos_;  // reserved tokens (3.0), which an annotation may hold
      } else {
        fail_at(pos_, "unexpected character in an annotation");
      }
    }
  }

  void idchar_token() {
    const size_t start = pos_;
    while (pos_ < text_.size() && is_idchar(text_[pos_])) ++pos_;
    const char first = text_[start];
    TokenKind kind = TokenKind::Atom;
    if (first >= 'a' && first <= 'z') {
      kind = TokenKind::Keyword;
    } else if (first == '$') {
      if (pos_ - start == 1 && peek() == '"') return quoted_id_token(start);
      if (pos_ - start == 1) fail_at(start, "empty identifier: expected a name after '$'");
      kind = TokenKind::Id;
    }
    list_.tokens.push_back(Token{kind, uint32_t(start), uint32_t(pos_ - start), 0});
    check_separated(start);
  }

  // `$"name"` (3.0): the identifier the string's bytes spell, the same as `$name` where both can
  // be written. Its spelling, '$' and the bytes, is kept among the strings (see Token::value).
  void quoted_id_token(size_t start) {
    std::string name = "$" + string_bytes();
    if (name.size() == 1) fail_at(start, "empty identifier: expected a name in the string after '$'");
    if (!is_valid_utf8(std::string_view(name).substr(1))) fail_at(start, "malformed UTF-8 encoding: an identifier is a name");
    list_.strings.push_back(std::move(name));
    list_.tokens.push_back(Token{TokenKind::Id, uint32_t(start), uint32_t(pos_ - start), uint32_t(list_.strings.size())});
    check_separated(start);
  }

  // Idchar runs and strings must be separated by whitespace, a comment or a parenthesis:
  // `$l"a"` and `"a""b"` are one reserved token (spec 6.2.4), which no rule accepts.
  void check_separated(size_t token_start) const {
    if (pos_ < text_.size() && (text_[pos_] == '"' || is_idchar(text_[pos_])))
      fail_at(token_start, "unknown operator: tokens must be separated by whitespace or parentheses");
  }

  void string_token() {
    const size_t start = pos_;
    std::string bytes = string_bytes();
    list_.tokens.push_back(
        Token{TokenKind::String, uint32_t(start), uint32_t(pos_ - start), uint32_t(list_.strings.size())});
    list_.strings.push_back(std::move(bytes));
    check_separated(start);
  }

  // A string's bytes (spec 6.3.3): characters from U+20 on but '"', '\' and U+7F, as UTF-8,
  // and the escapes \t \n \r \" \' \\ \hh \u{hex}.
  std::string string_bytes() {
    const size_t start = pos_;
    ++pos_;  // the opening quote
    std::string bytes;
    while (true) {
      if (pos_ >= text_.size()) fail_at(start, "unterminated string");
      const uint8_t c = uint8_t(text_[pos_]);
      if (c == '"') {
        ++pos_;
        return bytes;
      }
      if (c == '\\') {
        escape(bytes);
      } else if (c < 0x20 || c == 0x7F) {
        fail_at(pos_, "control character in a string: write it as an escape");
      } else if (c < 0x80) {
        bytes += char(c);
        ++pos_;
      } else {
        const size_t length = decode_utf8(text_.substr(pos_)).length;
        if (length == 0) fail_at(pos_, "malformed UTF-8 encoding");
        bytes.append(text_.substr(pos_, length));
        pos_ += length;
      }
    }
  }

  void escape(std::string& bytes) {
    const size_t start = pos_;
    ++pos_;  // the backslash
    const char c = peek();
    switch (c) {
      case 't': bytes += '\t'; ++pos_; return;
      case 'n': bytes += '\n'; ++pos_; return;
      case 'r': bytes += '\r'; ++pos_; return;
      case '"': bytes += '"'; ++pos_; return;
      case '\'': bytes += '\''; ++pos_; return;
      case '\\': bytes += '\\'; ++pos_; return;
      case 'u': unicode_escape(start, bytes); return;
      default: break;
    }
    const int high = hex_digit_value(c);
    const int low = hex_digit_value(peek(1));
    if (high < 0 || low < 0) fail_at(start, "unknown escape in a string: expected \\t \\n \\r \\\" \\' \\\\ \\hh or \\u{...}");
    bytes += char(high * 16 + low);
    pos_ += 2;
  }

  // \u{hexnum}: a Unicode scalar value (no surrogates, at most U+10FFFF), written as UTF-8.
  void unicode_escape(size_t start, std::string& bytes) {
    ++pos_;  // 'u'
    if (peek() != '{') fail_at(start, "malformed \\u escape: expected '{'");
    ++pos_;
    uint32_t code_point = 0;
    size_t digits = 0;
    bool last_was_digit = false;
    while (peek() != '}') {
      const char c = peek();
      if (c == '_' && last_was_digit) {  // hexnum allows underscores between digits
        last_was_digit = false;
        ++pos_;
        continue;
      }
      const int digit = hex_digit_value(c);
      if (digit < 0) fail_at(start, "malformed \\u escape: expected hexadecimal digits and '}'");
      code_point = code_point * 16 + uint32_t(digit);
      if (code_point > 0x10FFFF) fail_at(start, "\\u escape out of range: above U+10FFFF");
      ++digits;
      last_was_digit = true;
      ++pos_;
    }
    if (digits == 0 || !last_was_digit) fail_at(start, "malformed \\u escape: expected hexadecimal digits");
    ++pos_;  // '}'
    if (!append_utf8(code_point, bytes)) fail_at(start, "\\u escape of a surrogate, which is not a character");
  }

  std::string_view text_;
  size_t pos_ = 0;
  TokenList list_;
  std::vector<uint32_t> open_;  // token indices of the unclosed '('
};

}  // namespace

bool is_idchar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '.': case '/': case ':': case '<': case '=': case '>': case '?': case '@': case '\\':
    case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

Result<TokenList> tokenize(std::string_view text) {
  try {
    return Lexer(text).run();
  } catch (const WasmError& error) {
    return error.error();
  }
}

}  // namespace wasmprof::text
