// Traps and backtraces of the public API.
#include <cstdio>

#include "runtime/compiled_module.hh"
#include "runtime/handles.hh"
#include "runtime/stack_walk.hh"
#include "runtime/store_state.hh"

namespace wasmprof {

const char* trap_code_message(TrapCode code) {
  switch (code) {
    case TrapCode::UnreachableCodeReached: return "unreachable";
    case TrapCode::IntegerDivisionByZero: return "integer divide by zero";
    case TrapCode::IntegerOverflow: return "integer overflow";
    case TrapCode::BadConversionToInteger: return "invalid conversion to integer";
    case TrapCode::MemoryOutOfBounds: return "out of bounds memory access";
    case TrapCode::TableOutOfBounds: return "out of bounds table access";
    case TrapCode::UndefinedElement: return "undefined element";
    case TrapCode::IndirectCallToNull: return "uninitialized element";
    case TrapCode::BadSignature: return "indirect call type mismatch";
    case TrapCode::StackOverflow: return "call stack exhausted";
    case TrapCode::OutOfFuel: return "all fuel consumed";
    case TrapCode::Interrupt: return "interrupted";
    case TrapCode::HostError: return "host error";
    case TrapCode::Exit: return "exit";
  }
  return "unknown trap";
}

WasmBacktrace WasmBacktrace::capture(StoreContext store) {
  const exec::ExecContext& context = store.state().context;
  return detail::capture_backtrace(context, context.depth, context.current_pc);
}

namespace {

// A repeating run shorter than this many repetitions is printed in full.
constexpr size_t kMinRepetitions = 4;
// The longest cycle looked for: mutual recursion rarely goes through more functions.
constexpr size_t kMaxCycle = 16;

bool same_frame(const FrameInfo& a, const FrameInfo& b) {
  return a.module_offset == b.module_offset && a.func_index == b.func_index && a.module == b.module;
}

// How many times the `cycle` frames from `start` repeat back to back (1: not at all).
size_t repetitions(const std::vector<FrameInfo>& frames, size_t start, size_t cycle) {
  size_t count = 1;
  while (start + (count + 1) * cycle <= frames.size()) {
    const size_t next = start + count * cycle;
    for (size_t i = 0; i < cycle; ++i)
      if (!same_frame(frames[start + i], frames[next + i])) return count;
    ++count;
  }
  return count;
}

void append_frame(std::string& out, size_t index, const FrameInfo& frame, FrameSymbolizer* symbolizer) {
  char prefix[48];
  std::snprintf(prefix, sizeof prefix, "%4zu: 0x%x - ", index, frame.module_offset);
  out += prefix;
  if (!frame.module_name.empty()) out += frame.module_name + "!";
  std::vector<FrameSymbol> symbols;
  if (symbolizer != nullptr) symbols = symbolizer->symbols(frame);
  if (symbols.empty()) {
    out += frame.func_name ? *frame.func_name : "wasm-function[" + std::to_string(frame.func_index) + "]";
    out += '\n';
    return;
  }
  for (size_t i = 0; i < symbols.size(); ++i) {
    const FrameSymbol& symbol = symbols[i];
    if (i > 0) out += "              - ";
    out += symbol.name.empty() ? std::string("<inlined function>") : symbol.name;
    out += '\n';
    if (symbol.file.empty()) continue;
    out += "                    at " + symbol.file;
    if (symbol.line != 0) out += ":" + std::to_string(symbol.line);
    if (symbol.line != 0 && symbol.column != 0) out += ":" + std::to_string(symbol.column);
    out += '\n';
  }
}

}  // namespace

std::string WasmBacktrace::to_string(FrameSymbolizer* symbolizer) const {
  std::string out;
  for (size_t i = 0; i < frames_.size();) {
    // The shortest cycle of frames that repeats from here at least kMinRepetitions times.
    size_t cycle = 0, count = 0;
    for (size_t length = 1; length <= kMaxCycle && i + length * kMinRepetitions <= frames_.size(); ++length) {
      count = repetitions(frames_, i, length);
      if (count >= kMinRepetitions) {
        cycle = length;
        break;
      }
    }
    if (cycle == 0) {
      append_frame(out, i, frames_[i], symbolizer);
      ++i;
      continue;
    }
    // The first and last repetitions, so both ends of the run connect to their neighbours.
    for (size_t j = i; j < i + cycle; ++j) append_frame(out, j, frames_[j], symbolizer);
    const size_t omitted = (count - 2) * cycle;
    out += "      ... " + std::to_string(omitted) + " frames repeated (the " +
           (cycle == 1 ? std::string("frame") : std::to_string(cycle) + " frames") + " above, " +
           std::to_string(count - 2) + " more times)\n";
    const size_t last = i + (count - 1) * cycle;
    for (size_t j = last; j < last + cycle; ++j) append_frame(out, j, frames_[j], symbolizer);
    i += count * cycle;
  }
  return out;
}

std::string Trap::to_string(FrameSymbolizer* symbolizer) const {
  std::string out = message_;
  if (!backtrace_.frames().empty()) out += "\nwasm backtrace:\n" + backtrace_.to_string(symbolizer);
  return out;
}

Error Trap::to_error() const {
  Error error;
  error.kind = ErrorKind::Trap;
  error.message = message_;
  error.trap = std::make_shared<const Trap>(*this);
  return error;
}

Error host_error(std::string message) {
  Error error;
  error.kind = ErrorKind::Trap;
  error.message = message;
  error.trap = std::make_shared<const Trap>(TrapCode::HostError, std::move(message), WasmBacktrace{});
  return error;
}

Error exit_error(int status) {
  Error error;
  error.kind = ErrorKind::Trap;
  error.message = "exit with status " + std::to_string(status);
  error.trap = std::make_shared<const Trap>(TrapCode::Exit, error.message, WasmBacktrace{}, status);
  return error;
}

}  // namespace wasmprof

namespace wasmprof::detail {

WasmBacktrace capture_backtrace(const exec::ExecContext& context, uint32_t depth, const exec::Word* top_pc) {
  const StoreState& store = *static_cast<const StoreState*>(context.embedder);
  std::vector<FrameInfo> frames;
  runtime::walk_stack(context, depth, top_pc, [&](const runtime::WasmFrame& frame) {
    const exec::ModuleInstance& instance = *frame.function->module;
    const DecodedModule& module = *instance.module;
    auto compiled = std::static_pointer_cast<const runtime::CompiledModule>(instance.compiled);
    FrameInfo info{HandleAccess::module(store.engine, std::move(compiled)), {}, frame.function->function_index, {}, 0, 0};
    if (module.names.has_module_name) info.module_name = module.names.module_name;
    auto name = module.names.functions.find(info.func_index);
    if (name != module.names.functions.end()) info.func_name = name->second;
    info.module_offset = frame.module_offset();
    const FunctionBody& body = module.bodies[info.func_index - module.imported_function_count];
    info.func_offset = info.module_offset - body.entry.offset;
    frames.push_back(std::move(info));
    return true;
  });
  return WasmBacktrace(std::move(frames));
}

}  // namespace wasmprof::detail
