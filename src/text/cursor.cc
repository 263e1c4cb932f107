#include "text/cursor.hh"

#include "support/error.hh"

namespace wasmprof::text {

void Cursor::fail_at(const Token& token, std::string message) const {
  throw_error(ErrorKind::Malformed, std::move(message), token.offset);
}

void Cursor::fail_expected(std::string what) const {
  fail_at(peek(), "expected " + what + ", found " + describe(peek()));
}

std::string Cursor::describe(const Token& token) const {
  switch (token.kind) {
    case TokenKind::End: return "the end of the text";
    case TokenKind::String: return "a string";
    case TokenKind::LeftParen: return "'('";
    case TokenKind::RightParen: return "')'";
    default: break;
  }
  constexpr size_t kShown = 40;  // a long token is cut: the position says where it is
  const std::string_view text = spelling(token);
  return "'" + std::string(text.substr(0, kShown)) + (text.size() > kShown ? "...'" : "'");
}

}  // namespace wasmprof::text
