// A position in a TokenList with the parser's small steps: look at, take or expect a token, and
// fail with what was expected where it was not found. Failing throws WasmError (Malformed, with
// the token's byte offset), which parse_wat turns into an Error at the layer's boundary, as the
// decoder does.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "text/lexer.hh"

namespace wasmprof::text {

class Cursor {
 public:
  explicit Cursor(const TokenList& list) : list_(list) {}

  size_t position() const { return pos_; }
  void seek(size_t position) { pos_ = position; }

  const Token& peek(size_t ahead = 0) const {
    const size_t last = list_.tokens.size() - 1;  // the End token
    return list_.tokens[pos_ + ahead < last ? pos_ + ahead : last];
  }
  const Token& next() {
    const Token& token = peek();
    if (token.kind != TokenKind::End) ++pos_;
    return token;
  }
  std::string_view spelling(const Token& token) const { return list_.spelling(token); }
  const std::string& string_bytes(const Token& token) const { return list_.strings[token.value]; }

  bool peek_kind(TokenKind kind, size_t ahead = 0) const { return peek(ahead).kind == kind; }
  bool peek_keyword(std::string_view keyword, size_t ahead = 0) const {
    return peek_kind(TokenKind::Keyword, ahead) && spelling(peek(ahead)) == keyword;
  }
  // `(keyword`: the start of a form such as `(param`, `(export`.
  bool peek_form(std::string_view keyword) const {
    return peek_kind(TokenKind::LeftParen) && peek_keyword(keyword, 1);
  }
  bool peek_form_at(size_t ahead, std::string_view keyword) const {
    return peek_kind(TokenKind::LeftParen, ahead) && peek_keyword(keyword, ahead + 1);
  }
  bool at_right_paren() const { return peek_kind(TokenKind::RightParen); }
  // A token that names an index: `$id` or an unsigned number.
  bool peek_index(size_t ahead = 0) const {
    const Token& token = peek(ahead);
    if (token.kind == TokenKind::Id) return true;
    if (token.kind != TokenKind::Atom) return false;
    const char first = spelling(token).front();
    return first >= '0' && first <= '9';
  }

  bool take_keyword(std::string_view keyword) {
    if (!peek_keyword(keyword)) return false;
    ++pos_;
    return true;
  }
  bool take_form(std::string_view keyword) {
    if (!peek_form(keyword)) return false;
    pos_ += 2;
    return true;
  }
  std::optional<std::string_view> take_id() {
    if (!peek_kind(TokenKind::Id)) return std::nullopt;
    return spelling(next());
  }

  void expect_left_paren() {
    if (!peek_kind(TokenKind::LeftParen)) fail_expected("'('");
    ++pos_;
  }
  void expect_right_paren() {
    if (!at_right_paren()) fail_expected("')'");
    ++pos_;
  }
  void expect_keyword(std::string_view keyword) {
    if (!take_keyword(keyword)) fail_expected("'" + std::string(keyword) + "'");
  }
  void expect_form(std::string_view keyword) {
    expect_left_paren();
    expect_keyword(keyword);
  }
  const std::string& expect_string(std::string_view what) {
    if (!peek_kind(TokenKind::String)) fail_expected(std::string(what));
    return string_bytes(next());
  }
  // Skips a whole form, from its '(' past its ')'.
  void skip_form() { pos_ = peek().value + 1; }

  [[noreturn]] void fail_at(const Token& token, std::string message) const;
  [[noreturn]] void fail(std::string message) const { fail_at(peek(), std::move(message)); }
  // "expected X, found Y" at the next token.
  [[noreturn]] void fail_expected(std::string what) const;
  // How a token reads in a message: 'i32.add', a string, the end of the text.
  std::string describe(const Token& token) const;

 private:
  const TokenList& list_;
  size_t pos_ = 0;
};

}  // namespace wasmprof::text
