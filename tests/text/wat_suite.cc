// The text parser against the 2.0 spec suite: every module of every .wast script, parsed here,
// against the binary wabt's wast2json wrote for it.
//
//   wat_suite JSON_DIR WAST_DIR [--verbose]
//
// Each script's top-level forms that hold a module (`(module ...)`, and the module of
// assert_invalid, assert_unlinkable, assert_uninstantiable, assert_trap, assert_malformed) are
// paired, in order, with the JSON commands that name a module file. Then:
// - a module wast2json wrote as .wasm must parse, and give the same bytes ("identical"), or, where
//   they differ, the same module once both are decoded ("equal after decoding"): the differences
//   allowed are encodings the binary format gives two ways, which wabt and this parser may
//   choose differently (see same_after_decoding);
// - a text module of assert_malformed (wast2json's .wat) must be rejected by the parser, or, where
//   3.0's text reads what 2.0's did not (limits and offsets beyond u32), by decoding or validation;
// - the WAST reader (text/wast.hh) must read every command as wast2json did: kind, line, action,
//   arguments, expected results, message, registration and module (see command_difference; the
//   one allowance is wast2json_rounded_down_tie, a rounding of wast2json's that the spec's is not).
// Exit status 0 when every module matches and every malformed one is rejected; the counts are
// printed on the last line.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "binary/decoder.hh"
#include "valid/validator.hh"
#include "wast2json_script.hh"
#include "module_compare.hh"
#include "text/lexer.hh"
#include "text/wast.hh"
#include "wasmprof/wat.hh"

namespace fs = std::filesystem;
using namespace wasmprof;
using namespace wasmprof::module_compare;

namespace {

struct Counts {
  size_t identical = 0;
  size_t equal_after_decoding = 0;
  size_t mismatched = 0;
  size_t parse_failed = 0;
  size_t malformed_rejected = 0;
  size_t malformed_accepted = 0;
  size_t malformed_rejected_after_parsing = 0;  // by decoding or validation
  size_t scripts_unpaired = 0;
  size_t commands_read = 0;       // by the WAST reader
  size_t commands_mismatched = 0;  // not as wast2json read them
  size_t wast2json_rounding = 0;   // values wast2json rounded wrongly (wast2json_rounded_down_tie)
};

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The text of each top-level form of a script that holds a module, in order. A script that
// starts with a module field is one module, written without `(module ...)` around it.
std::vector<std::string_view> module_forms(const text::TokenList& list) {
  std::vector<std::string_view> forms;
  const std::vector<text::Token>& tokens = list.tokens;
  static constexpr std::string_view kFields[] = {"type", "import", "func", "table", "memory",
                                                 "global", "export", "start", "elem", "data"};
  if (tokens.size() > 2 && std::find(std::begin(kFields), std::end(kFields), list.spelling(tokens[1])) != std::end(kFields))
    return {list.text};
  for (size_t i = 0; i + 1 < tokens.size(); i = tokens[i].value + 1) {
    if (tokens[i].kind != text::TokenKind::LeftParen) break;
    const std::string_view head = list.spelling(tokens[i + 1]);
    size_t module_at = i;
    if (head != "module") {
      if (!head.starts_with("assert_") || tokens[i + 2].kind != text::TokenKind::LeftParen ||
          list.spelling(tokens[i + 3]) != "module")
        continue;
      module_at = i + 2;
    }
    const text::Token& open = tokens[module_at];
    const text::Token& close = tokens[open.value];
    forms.push_back(list.text.substr(open.offset, close.offset + 1 - open.offset));
  }
  return forms;
}

// Two encodings of one module compare equal when everything decoded is equal: every section's
// entries, constant expressions instruction by instruction, function bodies and data byte for
// byte, custom sections by name and contents. What this leaves free is only how the binary
// format lets one write the same thing: LEB128 widths of sizes, counts and indices, and the flags
// of element and data segments (e.g. a table index 0 written out or implied).
bool same_after_decoding(const std::vector<uint8_t>& ours, const std::vector<uint8_t>& theirs) {
  Result<DecodedModule> decoded_a = decode_module(ours);
  Result<DecodedModule> decoded_b = decode_module(theirs);
  if (!decoded_a || !decoded_b) return false;
  const DecodedModule& a = decoded_a.value();
  const DecodedModule& b = decoded_b.value();
  const bool bodies = all_same(a.bodies, b.bodies, [&](const FunctionBody& x, const FunctionBody& y) {
    return locals_of(x) == locals_of(y) && same_bytes(a, x.code, b, y.code);
  });
  const bool customs = all_same(a.customs, b.customs, [&](const CustomSection& x, const CustomSection& y) {
    return x.name == y.name && same_bytes(a, x.payload, b, y.payload);
  });
  return same_sections(a, b) && a.data_count == b.data_count && bodies && customs;
}

bool decodes_and_validates(const std::vector<uint8_t>& bytes) {
  Result<DecodedModule> module = decode_module(bytes);
  return module && validate_module(module.value());
}

// " at byte N: ours XX YY ..., theirs XX YY ...", for finding out why.
std::string first_difference(const std::vector<uint8_t>& ours, const std::vector<uint8_t>& theirs) {
  size_t at = 0;
  while (at < ours.size() && at < theirs.size() && ours[at] == theirs[at]) ++at;
  const auto bytes_from = [at](const std::vector<uint8_t>& bytes) {
    std::string out;
    char hex[4];
    for (size_t i = at; i < bytes.size() && i < at + 12; ++i) {
      std::snprintf(hex, sizeof hex, " %02x", bytes[i]);
      out += hex;
    }
    return out;
  };
  return " at byte " + std::to_string(at) + ": ours" + bytes_from(ours) + ", theirs" + bytes_from(theirs);
}

void check_commands(const spectest::Script& script, const std::string& wast, Counts& counts);

void check_script(const fs::path& json_path, const fs::path& wast_dir, bool verbose, Counts& counts) {
  Result<spectest::Script> script = spectest::load_script(json_path);
  if (!script) {
    std::cout << json_path.string() << ": " << script.error().message << "\n";
    ++counts.scripts_unpaired;
    return;
  }
  const fs::path wast_path = wast_dir / script->source_filename;
  const std::string wast = read_all(wast_path);
  check_commands(script.value(), wast, counts);
  Result<text::TokenList> tokens = text::tokenize(wast);
  if (!tokens) {
    std::cout << format_text_error(wast_path.string(), wast, tokens.error()) << "\n";
    ++counts.scripts_unpaired;
    return;
  }
  const std::vector<std::string_view> forms = module_forms(tokens.value());
  std::vector<const spectest::Command*> commands;
  for (const spectest::Command& command : script->commands)
    if (!command.filename.empty()) commands.push_back(&command);
  if (forms.size() != commands.size()) {
    std::cout << script->source_filename << ": " << forms.size() << " modules in the script, " << commands.size()
              << " in the JSON\n";
    ++counts.scripts_unpaired;
    return;
  }
  for (size_t i = 0; i < forms.size(); ++i) {
    const spectest::Command& command = *commands[i];
    const std::string where = script->source_filename + ":" + std::to_string(command.line);
    Result<std::vector<uint8_t>> parsed = wat_to_binary(forms[i], WatOptions{.name_section = false});
    if (command.type == "assert_malformed" && command.is_text_module()) {
      if (parsed && !decodes_and_validates(parsed.value())) {
        // 3.0's text reads what 2.0's did not (u64 limits and offsets, memory64's); the module is
        // then 3.0's invalid one, which the binary layer rejects.
        ++counts.malformed_rejected_after_parsing;
        if (verbose) std::cout << where << ": parsed (3.0 text), then rejected as expected (\"" << command.text << "\")\n";
      } else if (parsed) {
        ++counts.malformed_accepted;
        std::cout << where << ": malformed text module accepted (expected \"" << command.text << "\")\n";
      } else {
        ++counts.malformed_rejected;
        if (verbose)
          std::cout << where << ": rejected as expected (\"" << command.text << "\"): " << parsed.error().message << "\n";
      }
      continue;
    }
    if (!parsed) {
      ++counts.parse_failed;
      std::cout << format_text_error(where, forms[i], parsed.error()) << "\n";
      continue;
    }
    const std::string expected = read_all(script->directory / command.filename);
    const std::vector<uint8_t> theirs(expected.begin(), expected.end());
    if (parsed.value() == theirs) {
      ++counts.identical;
    } else if (same_after_decoding(parsed.value(), theirs)) {
      ++counts.equal_after_decoding;
      if (verbose) std::cout << where << ": equal after decoding (" << command.filename << ")\n";
    } else {
      ++counts.mismatched;
      std::cout << where << ": differs from " << command.filename << first_difference(parsed.value(), theirs) << "\n";
    }
  }
}

// --- The WAST reader (text/wast.hh) against wast2json's reading of the same script: the same
// commands in the same order, each of the same kind and line, with the same actions, values,
// messages and modules.

std::string as_string(const rapidjson::Value& value) {
  return value.IsString() ? std::string(value.GetString(), value.GetStringLength()) : "";
}

// wast2json 1.0.32 rounds an f64 literal halfway between the largest subnormal and the smallest
// normal (-0x1.fffffffffffffp-1023, in simd_lane.wast) down to the subnormal; the spec rounds ties
// to even, here up to the normal (as Python's float.fromhex does). Such values are counted, not
// failed.
bool wast2json_rounded_down_tie(const text::WastValue& ours, const std::string& theirs) {
  return ours.kind == text::WastValueKind::F64 && (ours.bits & ~(uint64_t(1) << 63)) == 0x0010000000000000u &&
         theirs == std::to_string(ours.bits - 1);
}

const char* type_name(const text::WastValue& value) {
  switch (value.kind) {
    case text::WastValueKind::I32: return "i32";
    case text::WastValueKind::I64: return "i64";
    case text::WastValueKind::F32: return "f32";
    case text::WastValueKind::F64: return "f64";
    case text::WastValueKind::V128: return "v128";
    case text::WastValueKind::RefNull: return value.reference == ValueType::FuncRef ? "funcref" : "externref";
    case text::WastValueKind::RefExtern: return "externref";
    case text::WastValueKind::RefFunc: return "funcref";
    case text::WastValueKind::RefHost:  // 3.0's, which no 2.0 script has
    case text::WastValueKind::RefHeap:
    case text::WastValueKind::Either: return "?";
  }
  return "?";
}

// wast2json writes a number as the decimal of its bits, a NaN pattern by its name.
std::string spelled(uint64_t bits, text::NanPattern nan) {
  if (nan == text::NanPattern::Canonical) return "nan:canonical";
  if (nan == text::NanPattern::Arithmetic) return "nan:arithmetic";
  return std::to_string(bits);
}

bool same_value(const text::WastValue& ours, const rapidjson::Value& theirs, size_t& deviations) {
  if (!theirs.IsObject() || as_string(theirs["type"]) != type_name(ours)) return false;
  const bool has_value = theirs.HasMember("value");
  switch (ours.kind) {
    case text::WastValueKind::RefNull: return has_value && as_string(theirs["value"]) == "null";
    case text::WastValueKind::RefExtern:
    case text::WastValueKind::RefFunc:
      return ours.any_reference ? !has_value : has_value && as_string(theirs["value"]) == std::to_string(ours.bits);
    case text::WastValueKind::V128: {
      const std::string lane_type = (ours.float_lanes ? "f" : "i") + std::to_string(ours.lane_bits);
      if (as_string(theirs["lane_type"]) != lane_type || !theirs["value"].IsArray()) return false;
      const rapidjson::Value& lanes = theirs["value"];
      const unsigned count = 128 / ours.lane_bits, bytes = ours.lane_bits / 8;
      if (lanes.Size() != count) return false;
      for (unsigned lane = 0; lane < count; ++lane) {
        uint64_t bits = 0;
        for (unsigned byte = 0; byte < bytes; ++byte) bits |= uint64_t(ours.v128[lane * bytes + byte]) << (8 * byte);
        const text::NanPattern nan = ours.float_lanes ? ours.nan[lane] : text::NanPattern::None;
        const std::string value = as_string(lanes[lane]);
        if (value == spelled(bits, nan)) continue;
        text::WastValue lane_value;
        lane_value.kind = ours.lane_bits == 64 && ours.float_lanes ? text::WastValueKind::F64 : text::WastValueKind::I64;
        lane_value.bits = bits;
        if (!wast2json_rounded_down_tie(lane_value, value)) return false;
        ++deviations;
      }
      return true;
    }
    default: {
      if (!has_value) return false;
      const std::string value = as_string(theirs["value"]);
      if (value == spelled(ours.bits, ours.nan[0])) return true;
      if (!wast2json_rounded_down_tie(ours, value)) return false;
      ++deviations;
      return true;
    }
  }
}

bool same_values(const std::vector<text::WastValue>& ours, const rapidjson::Value& theirs, size_t& deviations) {
  if (!theirs.IsArray() || theirs.Size() != ours.size()) return false;
  for (size_t i = 0; i < ours.size(); ++i)
    if (!same_value(ours[i], theirs[rapidjson::SizeType(i)], deviations)) return false;
  return true;
}

bool same_action(const text::WastAction& ours, const rapidjson::Value& theirs, size_t& deviations) {
  if (!theirs.IsObject()) return false;
  const std::string kind = ours.kind == text::WastAction::Kind::Invoke ? "invoke" : "get";
  const std::string module = theirs.HasMember("module") ? as_string(theirs["module"]) : "";
  if (as_string(theirs["type"]) != kind || as_string(theirs["field"]) != ours.name || module != ours.module.value_or(""))
    return false;
  return ours.kind == text::WastAction::Kind::Get || same_values(ours.args, theirs["args"], deviations);
}

bool has_action(text::WastCommandKind kind) {
  using K = text::WastCommandKind;
  return kind == K::Action || kind == K::AssertReturn || kind == K::AssertTrap || kind == K::AssertExhaustion;
}

// What differs between the reader's command and wast2json's, or nothing.
std::string command_difference(const text::WastCommand& ours, const spectest::Command& theirs, const fs::path& directory,
                               size_t& deviations) {
  if (command_name(ours.kind) != theirs.type) return "kind " + std::string(command_name(ours.kind)) + ", not " + theirs.type;
  // wast2json gives a top-level `module quote` line 0 (comments.wast).
  if (ours.line != theirs.line && !(theirs.line == 0 && ours.module.quoted)) return "line " + std::to_string(ours.line);
  const rapidjson::Value& json = *theirs.json;
  if (has_action(ours.kind) && !same_action(ours.action, json["action"], deviations)) return "another action";
  if (ours.kind == text::WastCommandKind::AssertReturn && !same_values(ours.expected, json["expected"], deviations))
    return "other expected results";
  if (ours.kind == text::WastCommandKind::Register &&
      (ours.text != as_string(json["as"]) || ours.registered_module.value_or("") != theirs.name))
    return "another registration";
  if (ours.kind != text::WastCommandKind::Module && ours.kind != text::WastCommandKind::Register &&
      ours.kind != text::WastCommandKind::Action && ours.text != theirs.text)
    return "another message";
  if (theirs.filename.empty()) return {};
  if (ours.kind == text::WastCommandKind::Module && ours.module.name.value_or("") != theirs.name) return "another name";
  if (theirs.is_text_module())
    return ours.module.error || !decodes_and_validates(ours.module.bytes) ? "" : "a malformed module parsed and valid";
  if (ours.module.error) return "a module not parsed: " + ours.module.error->message;
  const std::string expected = read_all(directory / theirs.filename);
  if (!std::equal(ours.module.bytes.begin(), ours.module.bytes.end(), expected.begin(), expected.end(),
                  [](uint8_t a, char b) { return a == uint8_t(b); }))
    return "another module than " + theirs.filename;
  return {};
}

void check_commands(const spectest::Script& script, const std::string& wast, Counts& counts) {
  Result<std::vector<text::WastCommand>> commands = text::read_wast(wast);
  if (!commands) {
    std::cout << format_text_error(script.source_filename, wast, commands.error()) << "\n";
    counts.commands_mismatched += script.commands.size();
    return;
  }
  counts.commands_read += commands->size();
  if (commands->size() != script.commands.size()) {
    std::cout << script.source_filename << ": the WAST reader read " << commands->size() << " commands, wast2json "
              << script.commands.size() << "\n";
    counts.commands_mismatched += script.commands.size();
    return;
  }
  for (size_t i = 0; i < commands->size(); ++i) {
    const std::string difference =
        command_difference((*commands)[i], script.commands[i], script.directory, counts.wast2json_rounding);
    if (difference.empty()) continue;
    ++counts.commands_mismatched;
    std::cout << script.source_filename << ":" << script.commands[i].line << ": " << script.commands[i].type
              << " read with " << difference << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: wat_suite JSON_DIR WAST_DIR [--verbose]\n";
    return 2;
  }
  const fs::path json_dir = argv[1];
  const fs::path wast_dir = argv[2];
  const bool verbose = argc > 3 && std::string(argv[3]) == "--verbose";
  if (!fs::is_directory(json_dir) || !fs::is_directory(wast_dir)) {
    std::cerr << "wat_suite: not a folder: " << (fs::is_directory(json_dir) ? wast_dir : json_dir).string() << "\n";
    return 2;
  }
  std::vector<fs::path> scripts;
  for (const fs::directory_entry& entry : fs::directory_iterator(json_dir))
    if (entry.path().extension() == ".json") scripts.push_back(entry.path());
  std::sort(scripts.begin(), scripts.end());
  Counts counts;
  for (const fs::path& script : scripts) check_script(script, wast_dir, verbose, counts);
  const size_t modules = counts.identical + counts.equal_after_decoding + counts.mismatched + counts.parse_failed;
  std::cout << scripts.size() << " scripts (" << counts.scripts_unpaired << " not paired); " << modules
            << " modules: " << counts.identical << " identical, " << counts.equal_after_decoding
            << " equal after decoding, " << counts.mismatched << " different, " << counts.parse_failed
            << " not parsed; malformed text modules: " << counts.malformed_rejected << " rejected, "
            << counts.malformed_rejected_after_parsing << " parsed and then rejected, " << counts.malformed_accepted
            << " accepted; WAST reader: " << counts.commands_read << " commands, "
            << counts.commands_mismatched << " not as wast2json read them (" << counts.wast2json_rounding
            << " values that wast2json rounds wrongly)\n";
  const bool ok = counts.mismatched == 0 && counts.parse_failed == 0 && counts.malformed_accepted == 0 &&
                  counts.scripts_unpaired == 0 && counts.commands_mismatched == 0;
  return ok ? 0 : 1;
}
