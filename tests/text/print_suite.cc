// The printer against the 2.0 spec suite: every module printed as text and parsed back.
//
//   print_suite JSON_DIR|- WAST_DIR [--verbose]      (-: no binaries, e.g. for the 3.0 suite's scripts)
//
// - Every binary module wast2json wrote (JSON_DIR/*.wasm) that is well formed (decoded, and not
//   malformed in a function body, which only the validator finds), valid or not, is printed,
//   flat and folded, and each text parsed back (with a name section from its identifiers). The
//   result must be the same bytes once custom sections are left out of both ("identical"), or
//   else the same module in every decoded part: what the binary format lets one write two ways
//   and the text parser writes one way, wabt's (see `Difference`). A module that does not parse
//   back, or is another module, fails. The name section is compared apart: every function name
//   that is a valid identifier, and only one such function has, must come back. Modules with an
//   alignment of 2^32 or more (which the decoder takes and the text format cannot write) are
//   counted apart.
// - Every module of the .wast scripts (WAST_DIR/*.wast) as the text parser writes it (without a
//   name section) is printed, flat and folded, and parsed back: the bytes must be identical,
//   since the parser wrote them (but modules given as `module binary`, compared as above). A
//   module whose text uses a 3.0 proposal is decoded with DecodeOptions::wasm3 (the validator
//   refuses it) and must come back identical as well; such modules are counted too.
// - With `--modules FILE...`, the given modules (real guests) are checked as the binary modules
//   above.
// Exit status 0 when none fails; the counts are printed on the last lines.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "binary/decoder.hh"
#include "binary/instruction_reader.hh"
#include "text/printer.hh"
#include "text/wast.hh"
#include "valid/validator.hh"
#include "wasmprof/wat.hh"
#include "module_compare.hh"

namespace fs = std::filesystem;
using namespace wasmprof;
using namespace wasmprof::module_compare;
using Bytes = std::vector<uint8_t>;

namespace {

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The module without its custom sections (id 0), sections copied as they are.
Bytes without_custom_sections(const Bytes& module) {
  Bytes out(module.begin(), module.begin() + std::min<size_t>(8, module.size()));
  size_t at = 8;
  while (at < module.size()) {
    const size_t start = at;
    const uint8_t id = module[at++];
    uint64_t size = 0;
    for (unsigned shift = 0; at < module.size() && shift < 35; shift += 7) {
      const uint8_t byte = module[at++];
      size |= uint64_t(byte & 0x7F) << shift;
      if (!(byte & 0x80)) break;
    }
    const size_t end = std::min<size_t>(module.size(), at + size);
    if (id != 0) out.insert(out.end(), module.begin() + long(start), module.begin() + long(end));
    at = end;
  }
  return out;
}

// Why two modules that are not byte for byte the same still are one module, or that they are not.
enum class Difference {
  None,
  Encoding,       // only how sizes, counts, indices, segment flags and local groups are encoded
  EmptyElse,      // an `else` with nothing after it, which the parser leaves out
  BlockTypeIndex, // a block typed by the index of a type [] -> [t?], which the parser writes as t
  DataCount,      // a data count section no instruction needs, which the parser leaves out
  Other,          // another module: a failure
};

const char* describe(Difference difference) {
  switch (difference) {
    case Difference::None: return "identical";
    case Difference::Encoding: return "LEB128 widths, segment flags or local groups";
    case Difference::EmptyElse: return "an empty else";
    case Difference::BlockTypeIndex: return "a block type index for a type of no parameters and at most one result";
    case Difference::DataCount: return "a data count section no instruction needs";
    case Difference::Other: return "ANOTHER MODULE";
  }
  return "?";
}

// A body's instructions with br_table's targets; empty else and short block type indices
// rewritten as the parser writes them when `normalize` (counted in `normalized`).
struct BodyInstruction {
  Instruction instruction;
  std::vector<uint32_t> targets;
};
std::vector<BodyInstruction> instructions_of(const DecodedModule& module, const FunctionBody& body, bool normalize,
                                             std::vector<Difference>& normalized) {
  std::vector<BodyInstruction> out;
  Reader reader(module.span(body.code), body.code.offset);
  InstructionReader instructions(reader);
  while (!instructions.at_end()) {
    BodyInstruction next{instructions.read(), instructions.br_table_targets()};
    if (normalize && next.instruction.opcode == Opcode::End && !out.empty() &&
        out.back().instruction.opcode == Opcode::Else) {
      out.pop_back();
      normalized.push_back(Difference::EmptyElse);
    }
    BlockType& block = next.instruction.block_type;
    const OpcodeInfo* info = opcode_info(next.instruction.opcode);
    if (normalize && info && info->immediate == ImmediateKind::BlockType && block.kind == BlockType::Kind::TypeIndex &&
        block.type_index < module.types.size()) {
      const FuncType& type = module.types[block.type_index];
      if (type.params.empty() && type.results.size() <= 1) {
        block.kind = type.results.empty() ? BlockType::Kind::Empty : BlockType::Kind::Value;
        if (!type.results.empty()) block.value = type.results[0];
        block.type_index = 0;
        normalized.push_back(Difference::BlockTypeIndex);
      }
    }
    if (info && info->immediate != ImmediateKind::BrTable) next.targets.clear();
    out.push_back(std::move(next));
  }
  return out;
}

bool same_bodies(const DecodedModule& a, const DecodedModule& b, bool normalize, std::vector<Difference>& normalized) {
  if (a.bodies.size() != b.bodies.size()) return false;
  for (size_t i = 0; i < a.bodies.size(); ++i) {
    if (locals_of(a.bodies[i]) != locals_of(b.bodies[i])) return false;
    const auto first = instructions_of(a, a.bodies[i], normalize, normalized);
    const auto second = instructions_of(b, b.bodies[i], false, normalized);
    if (!std::equal(first.begin(), first.end(), second.begin(), second.end(),
                    [](const BodyInstruction& x, const BodyInstruction& y) {
                      return x.targets == y.targets && same_instruction(x.instruction, y.instruction);
                    }))
      return false;
  }
  return true;
}

// How the original and the module parsed back from its text differ (custom sections aside).
Difference difference(const Bytes& original, const Bytes& reparsed) {
  if (without_custom_sections(original) == without_custom_sections(reparsed)) return Difference::None;
  Result<DecodedModule> decoded_a = decode_module(original);
  Result<DecodedModule> decoded_b = decode_module(reparsed);
  if (!decoded_a || !decoded_b) return Difference::Other;
  const DecodedModule& a = decoded_a.value();
  const DecodedModule& b = decoded_b.value();
  if (!same_sections(a, b)) return Difference::Other;
  std::vector<Difference> normalized;
  if (!same_bodies(a, b, false, normalized)) {
    if (!same_bodies(a, b, true, normalized)) return Difference::Other;
    return normalized.front();
  }
  if (a.data_count != b.data_count) return Difference::DataCount;
  return Difference::Encoding;
}

// Whether every function name of the original that is a valid identifier, and the only one of
// its name, is the reparsed module's name of that function.
bool names_kept(const Bytes& original, const Bytes& reparsed) {
  Result<DecodedModule> a = decode_module(original);
  Result<DecodedModule> b = decode_module(reparsed);
  if (!a || !b) return false;
  std::map<std::string, int> uses;
  for (const auto& [index, name] : a->names.functions) ++uses[name];
  for (const auto& [index, name] : a->names.functions) {
    if (index >= a->function_count() || uses[name] > 1 || text::identifier_of(name) != "$" + name) continue;
    const auto found = b->names.functions.find(index);
    if (found == b->names.functions.end() || found->second != name) return false;
  }
  return true;
}

struct Counts {
  size_t modules = 0;
  size_t not_decoded = 0;  // malformed binaries (assert_malformed): nothing to print
  std::map<Difference, size_t> by_difference;
  size_t not_parsed = 0;
  size_t unwritable = 0;  // an alignment the text format cannot write
  size_t names_lost = 0;
  size_t text_modules = 0;
  size_t text_identical = 0;
  size_t text_binary = 0;  // `module binary`, compared as binaries
  size_t text_beyond_2_0 = 0;  // of them, using a 3.0 proposal (the decoder reads them with DecodeOptions::wasm3)
  size_t failures = 0;
};

// Whether the module decodes and is not malformed in a function body (which the validator finds:
// the decoder leaves bodies to it). Invalid modules are printed and parsed back as any other.
bool well_formed(const Bytes& bytes) {
  Result<DecodedModule> module = decode_module(bytes);
  if (!module) return false;
  Result<Ok> valid = validate_module(module.value());
  return valid || valid.error().kind != ErrorKind::Malformed;
}

// Whether a function has a memory instruction aligned to 2^32 or more, which the decoder takes
// (and the validator rejects as over-aligned) but the text format cannot write: `align=` is a u32.
bool has_unwritable_alignment(const Bytes& bytes) {
  Result<DecodedModule> module = decode_module(bytes);
  if (!module) return false;
  for (const FunctionBody& body : module->bodies) {
    try {
      Reader reader(module->span(body.code), body.code.offset);
      InstructionReader instructions(reader);
      while (!instructions.at_end()) {
        const Instruction& in = instructions.read();
        const ImmediateKind kind = instructions.info().immediate;
        if ((kind == ImmediateKind::MemArg || kind == ImmediateKind::MemArgLane) && in.memarg.align_log2 >= 32)
          return true;
      }
    } catch (const WasmError&) {
    }
  }
  return false;
}

// Prints `bytes` both ways and parses each back; returns the worse difference.
Difference round_trip(const Bytes& bytes, bool name_section, const std::string& where, Counts& counts,
                      bool& parsed_back, bool verbose) {
  Difference worst = Difference::None;
  parsed_back = true;
  for (const bool folded : {false, true}) {
    Result<std::string> printed = binary_to_wat(bytes, PrintOptions{.folded = folded});
    if (!printed) {
      std::cout << where << ": not printed: " << printed.error().to_string() << "\n";
      parsed_back = false;
      return Difference::Other;
    }
    Result<Bytes> reparsed = wat_to_binary(printed.value(), WatOptions{.name_section = name_section});
    if (!reparsed) {
      std::cout << where << (folded ? " (folded)" : "") << ": "
                << format_text_error("printed", printed.value(), reparsed.error()) << "\n";
      if (verbose) std::cout << printed.value();
      parsed_back = false;
      return Difference::Other;
    }
    const Difference found = difference(bytes, reparsed.value());
    if (found == Difference::Other && verbose) std::cout << printed.value();
    if (name_section && !names_kept(bytes, reparsed.value())) {
      ++counts.names_lost;
      std::cout << where << ": function names not kept\n";
    }
    worst = std::max(worst, found);
  }
  return worst;
}

void check_binaries(const fs::path& json_dir, bool verbose, Counts& counts) {
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(json_dir))
    if (entry.path().extension() == ".wasm") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    const std::string contents = read_all(file);
    const Bytes bytes(contents.begin(), contents.end());
    ++counts.modules;
    if (!well_formed(bytes)) {
      ++counts.not_decoded;
      continue;
    }
    if (has_unwritable_alignment(bytes)) {
      ++counts.unwritable;
      continue;
    }
    bool parsed_back = true;
    const Difference found = round_trip(bytes, true, file.filename().string(), counts, parsed_back, verbose);
    if (!parsed_back) {
      ++counts.not_parsed;
      ++counts.failures;
      continue;
    }
    ++counts.by_difference[found];
    if (found == Difference::Other) ++counts.failures;
    if (found == Difference::Other || (verbose && found != Difference::None))
      std::cout << file.filename().string() << ": " << describe(found) << "\n";
  }
}

// Whether the module on `line` of the script is `(module $name? binary ...)`, its bytes as given.
bool is_binary_form(std::string_view script, uint32_t line) {
  size_t at = 0;
  for (uint32_t i = 1; i < line && at != std::string_view::npos; ++i) {
    at = script.find('\n', at);
    if (at != std::string_view::npos) ++at;
  }
  if (at == std::string_view::npos) return false;
  const size_t module = script.find("(module", at);
  if (module == std::string_view::npos) return false;
  const std::string_view head = script.substr(module, script.find_first_of("\"()", module + 1) - module);
  return head.find(" binary") != std::string_view::npos;
}

void check_scripts(const fs::path& wast_dir, bool verbose, Counts& counts) {
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(wast_dir))
    if (entry.path().extension() == ".wast") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    const std::string script = read_all(file);
    Result<std::vector<text::WastCommand>> commands = text::read_wast(script);
    if (!commands) {
      std::cout << file.filename().string() << ": " << commands.error().message << "\n";
      ++counts.failures;
      continue;
    }
    for (const text::WastCommand& command : commands.value()) {
      const text::WastModule& module = command.module;
      if (module.error || module.bytes.empty()) continue;
      if (module.features.any()) {
        // 3.0's: the validator refuses them, so only the decoder (reading 3.0) says whether a
        // module is well formed, and the printer whether its bodies are.
        if (!decode_module(module.bytes, DecodeOptions{.wasm3 = true})) continue;
        ++counts.text_beyond_2_0;
      } else if (!well_formed(module.bytes) || has_unwritable_alignment(module.bytes)) {
        continue;
      }
      ++counts.text_modules;
      const std::string where = file.filename().string() + ":" + std::to_string(command.line);
      bool parsed_back = true;
      const Difference found = round_trip(module.bytes, false, where, counts, parsed_back, verbose);
      const bool as_given = is_binary_form(script, command.line);
      if (found == Difference::None) {
        ++counts.text_identical;
      } else if (as_given && parsed_back) {
        ++counts.text_binary;  // a `module binary` of an encoding the parser does not write
        if (verbose) std::cout << where << ": " << describe(found) << "\n";
      } else {
        ++counts.failures;
        if (parsed_back) std::cout << where << ": " << describe(found) << "\n";
      }
    }
  }
}

}  // namespace

// Real guests (`--modules FILE...`): each printed both ways and parsed back, which must give the
// same module as above, and keep the function names the name section has.
int check_modules(const std::vector<std::string>& files) {
  Counts counts;
  for (const std::string& file : files) {
    const std::string contents = read_all(file);
    const Bytes bytes(contents.begin(), contents.end());
    bool parsed_back = true;
    const Difference found = round_trip(bytes, true, file, counts, parsed_back, false);
    std::cout << file << ": " << (parsed_back ? describe(found) : "NOT PARSED BACK") << "\n";
    if (!parsed_back || found == Difference::Other) ++counts.failures;
  }
  const size_t failures = counts.failures + counts.names_lost;
  std::cout << (failures == 0 ? "ok" : "FAILED") << "\n";
  return failures == 0 ? 0 : 1;
}

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--modules")
    return check_modules(std::vector<std::string>(argv + 2, argv + argc));
  if (argc < 3) {
    std::cerr << "usage: print_suite JSON_DIR|- WAST_DIR [--verbose]\n       print_suite --modules FILE...\n";
    return 2;
  }
  const bool verbose = argc > 3 && std::string(argv[3]) == "--verbose";
  Counts counts;
  if (std::string(argv[1]) != "-") check_binaries(argv[1], verbose, counts);
  check_scripts(argv[2], verbose, counts);
  std::cout << "binary modules: " << counts.modules << " (" << counts.not_decoded
            << " malformed, which the decoder or the validator rejects); printed flat and folded and parsed back:";
  for (const auto& [found, count] : counts.by_difference) std::cout << " " << count << " " << describe(found) << ";";
  std::cout << " " << counts.not_parsed << " not parsed back; " << counts.unwritable
            << " not printable (an alignment of 2^32 or more, which text cannot say); " << counts.names_lost
            << " with function names lost\n";
  std::cout << "text modules: " << counts.text_modules << " (" << counts.text_beyond_2_0
            << " using a 3.0 proposal): " << counts.text_identical << " identical, " << counts.text_binary
            << " given as binary and encoded otherwise\n";
  std::cout << (counts.failures == 0 ? "ok" : "FAILED: ") << (counts.failures ? std::to_string(counts.failures) : "")
            << "\n";
  return counts.failures == 0 ? 0 : 1;
}
