// The text format's tokens (spec section 6.2): parentheses, keywords, identifiers, strings and
// the other idchar runs (numbers, or reserved words the parser rejects). Whitespace, line and
// nested block comments and annotations `(@name ...)` are skipped here, so the parser never sees
// them. Strings are decoded to their bytes once, here, with every escape checked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wasmprof/result.hh"

namespace wasmprof::text {

// idchar of spec 6.2.3: the characters a keyword, identifier, number or reserved word is made of
// (the printer writes names of others as `_`).
bool is_idchar(char c);

enum class TokenKind : uint8_t {
  LeftParen,
  RightParen,
  Keyword,  // an idchar run starting with a lowercase letter: `i32.add`, `offset=8`, `nan:0x1`
  Id,       // `$name`
  String,   // "..."; its bytes are in TokenList::strings
  Atom,     // any other idchar run: a number (`-1`, `0x10`, `+inf`), or reserved
  End,      // after the last token
};

struct Token {
  TokenKind kind = TokenKind::End;
  uint32_t offset = 0;  // of the token's first byte in the text
  uint32_t length = 0;
  uint32_t value = 0;   // String: index into TokenList::strings; LeftParen: index of its RightParen;
                        // Id written `$"..."`: 1 + the index of its spelling in TokenList::strings
};

struct TokenList {
  std::string_view text;
  std::vector<Token> tokens;  // ends with one End token
  std::vector<std::string> strings;

  // The token as written; for an Id, as `$name` however it was written (`$"name"` too).
  std::string_view spelling(const Token& token) const {
    if (token.kind == TokenKind::Id && token.value != 0) return strings[token.value - 1];
    return text.substr(token.offset, token.length);
  }
};

// Parentheses (annotations' excepted) nest at most this deep: the parser recurses on them, so
// the bound keeps any input from exhausting the stack.
constexpr uint32_t kMaxNesting = 1000;

// Splits `text` into tokens. Errors (Malformed, or Limit for nesting) carry the byte offset of
// the offending character in `text`.
Result<TokenList> tokenize(std::string_view text);

}  // namespace wasmprof::text
