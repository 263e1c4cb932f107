#include "compile/machine_code_map.hh"

#include <llvm/DebugInfo/DWARF/DWARFContext.h>
#include <llvm/ExecutionEngine/JITEventListener.h>

#include <algorithm>
#include <mutex>
#include <string_view>
#include <vector>

#include "compile/jit_symbols.hh"

namespace wasmprof::compile {

namespace {

// The wasm frames at `address`, innermost first, from the object's DWARF.
std::vector<exec::MachineFrame> frames_at(llvm::DWARFContext& dwarf, llvm::object::SectionedAddress address) {
  const llvm::DILineInfoSpecifier spec(llvm::DILineInfoSpecifier::FileLineInfoKind::RawValue,
                                       llvm::DILineInfoSpecifier::FunctionNameKind::ShortName);
  const llvm::DIInliningInfo inlining = dwarf.getInliningInfoForAddress(address, spec);
  std::vector<exec::MachineFrame> frames;
  for (uint32_t i = 0; i < inlining.getNumberOfFrames(); ++i) {
    const llvm::DILineInfo& frame = inlining.getFrame(i);
    const std::optional<JitSymbol> function = parse_jit_symbol(frame.FunctionName);
    if (!function) return {};  // not code of a wasm function (none is made today)
    frames.push_back({function->function_index, frame.Line});
  }
  return frames;
}

// The ranges of one function symbol's code, appended to `map`.
void map_function(llvm::DWARFContext& dwarf, llvm::object::SectionedAddress start, uint64_t size,
                  exec::MachineCodeMap& map) {
  const llvm::DILineInfoSpecifier spec(llvm::DILineInfoSpecifier::FileLineInfoKind::RawValue,
                                       llvm::DILineInfoSpecifier::FunctionNameKind::None);
  std::vector<exec::MachineFrame> previous;
  bool first = true;
  for (const auto& [address, line] : dwarf.getLineInfoForAddressRange(start, size, spec)) {
    std::vector<exec::MachineFrame> frames = frames_at(dwarf, {address, start.SectionIndex});
    // Code LLVM made for no instruction of its own (line 0: a spill, a register move, a load it
    // hoisted) belongs with the code before it, as perf attributes it; its own range, with no
    // wasm offset, sent its samples to the function's first instruction (12 % of coremark's
    // run, 18-20 % in bwt's and bytecode's hottest functions: bench/profile/README.md).
    if (!first && (frames.empty() || frames.front().wasm_offset == 0)) continue;
    if (!first && frames == previous) continue;
    if (!first && map.ranges.back().start == address) {  // rows at one address: the last one holds
      map.frames.resize(map.ranges.back().first_frame);
      map.ranges.pop_back();
    }
    first = false;
    map.ranges.push_back({uintptr_t(address), uint32_t(map.frames.size()), uint32_t(frames.size())});
    map.frames.insert(map.frames.end(), frames.begin(), frames.end());
    previous = std::move(frames);
  }
  // A function with no lines (a function's NativeEntry, which calls its body) is code of the
  // map's without a wasm frame: a walk finds it and passes over it.
  if (first) map.ranges.push_back({uintptr_t(start.Address), uint32_t(map.frames.size()), 0});
  map.ranges.push_back({uintptr_t(start.Address + size), uint32_t(map.frames.size()), 0});
}

}  // namespace

class MachineCodeMapper::Listener final : public llvm::JITEventListener {
 public:
  void notifyObjectLoaded(ObjectKey, const llvm::object::ObjectFile& object,
                          const llvm::RuntimeDyld::LoadedObjectInfo& loaded) override {
    // The object as loaded: its sections at the addresses the code runs at.
    llvm::object::OwningBinary<llvm::object::ObjectFile> placed = loaded.getObjectForDebug(object);
    if (placed.getBinary() == nullptr) return;
    std::unique_ptr<llvm::DWARFContext> dwarf = llvm::DWARFContext::create(*placed.getBinary());
    exec::MachineCodeMap map;
    std::vector<std::string> names;
    for_each_function_symbol(*placed.getBinary(), [&](const FunctionSymbol& symbol) {
      names.emplace_back(symbol.name);
      exec::MachineCodeMap function;
      map_function(*dwarf, {symbol.address, symbol.section.getIndex()}, symbol.size, function);
      merge(map, std::move(function));
    });
    std::lock_guard lock(mutex_);
    objects_.push_back({std::move(names), std::move(map)});
  }

  std::optional<exec::MachineCodeMap> take(const std::string& symbol) {
    std::lock_guard lock(mutex_);
    for (auto object = objects_.begin(); object != objects_.end(); ++object) {
      if (std::find(object->symbols.begin(), object->symbols.end(), symbol) == object->symbols.end()) continue;
      exec::MachineCodeMap map = std::move(object->map);
      objects_.erase(object);
      return map;
    }
    return std::nullopt;
  }

 private:
  // Adds one function's ranges to an object's map, kept in address order.
  static void merge(exec::MachineCodeMap& map, exec::MachineCodeMap function) {
    const uint32_t base = uint32_t(map.frames.size());
    for (auto& range : function.ranges) range.first_frame += base;
    map.frames.insert(map.frames.end(), function.frames.begin(), function.frames.end());
    map.ranges.insert(map.ranges.end(), function.ranges.begin(), function.ranges.end());
    // Where one function ends and the next begins at the same address, the end's empty range
    // comes first, so that the lookup's last range at or below a pc is the function's.
    std::sort(map.ranges.begin(), map.ranges.end(), [](const auto& a, const auto& b) {
      return a.start != b.start ? a.start < b.start : a.frame_count < b.frame_count;
    });
  }

  struct LoadedObject {
    std::vector<std::string> symbols;  // its functions
    exec::MachineCodeMap map;
  };
  std::mutex mutex_;
  std::vector<LoadedObject> objects_;  // loaded, not taken yet
};

MachineCodeMapper::MachineCodeMapper() : listener_(std::make_unique<Listener>()) {}
MachineCodeMapper::~MachineCodeMapper() = default;
llvm::JITEventListener& MachineCodeMapper::listener() { return *listener_; }
std::optional<exec::MachineCodeMap> MachineCodeMapper::take(const std::string& symbol) { return listener_->take(symbol); }

}  // namespace wasmprof::compile
