#include "compile/llvm_compiler.hh"

#include <llvm/Bitcode/BitcodeReader.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/JITEventListener.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/RTDyldObjectLinkingLayer.h>
#include <llvm/ExecutionEngine/SectionMemoryManager.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/Constants.h>
#include <llvm/IR/DIBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Linker/Linker.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/Error.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/Transforms/Utils/Cloning.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <string_view>

#include "compile/function_codegen.hh"
#include "compile/jit_symbols.hh"
#include "compile/machine_code_map.hh"
#include "compile/perf_map.hh"
#include "compile/semantics_bitcode.hh"
#include "exec/interpreter.hh"
#include "valid/context.hh"

namespace wasmprof::compile {
namespace {

std::string message_of(llvm::Error error) { return llvm::toString(std::move(error)); }

void warn(const std::string& what) { std::fprintf(stderr, "wasmprof: compiling tier: %s\n", what.c_str()); }

// LLVM's target registry is process-wide and must be filled once.
// Wasm's `select` stays a conditional move. LLVM's x86 back end turns a cmov in an innermost loop
// into a branch when its model expects one to be faster, which on data it cannot see may be
// unpredictable: sortmem's heap sort chooses a child by `select` on random keys, and its sift
// took 58 ms a call where V8 (which keeps the cmov) took 32; with the cmov, 41 ms (sortmem
// 214 -> 196 ms). LLVM 16 honours no per-function or `!unpredictable` say in this, only its
// command-line option, which lives in libLLVM: set once here, so another user of libLLVM's x86
// back end in the same process would share it.
void keep_selects_as_conditional_moves() {
  llvm::StringMap<llvm::cl::Option*>& options = llvm::cl::getRegisteredOptions();
  if (auto found = options.find("x86-cmov-converter"); found != options.end())
    static_cast<llvm::cl::opt<bool>*>(found->second)->setValue(false);
}

bool initialize_native_target() {
  static const bool ready = [] {
    if (llvm::InitializeNativeTarget() || llvm::InitializeNativeTargetAsmPrinter()) return false;
    keep_selects_as_conditional_moves();
    return true;
  }();
  return ready;
}

// The CompiledFunction of what generate_function made of defined function `defined`: its code words
// and sites, whose address then replaces the placeholder in the generated code.
exec::CompiledFunction code_words_for(const DecodedModule& module, uint32_t defined, CodegenOutput& output) {
  const FuncType& type = module.types[module.function_types[defined]];
  exec::CompiledFunction function = exec::make_native_function(uint32_t(module.bodies[defined].code.offset), output.site_offsets,
                                                               exec::slot_count(type.params), exec::slot_count(type.results));
  llvm::LLVMContext& context = output.code_words->getContext();
  output.code_words->replaceAllUsesWith(llvm::ConstantExpr::getIntToPtr(
      llvm::ConstantInt::get(llvm::Type::getInt64Ty(context), reinterpret_cast<uintptr_t>(function.code.data())),
      llvm::PointerType::get(context, 0)));
  output.code_words->eraseFromParent();
  output.code_words = nullptr;
  return function;  // (moving it keeps the words where they are)
}

// Copies of small callees for one function being compiled (function_codegen.hh's CalleeCopies),
// generated into its module. The limits keep the compile time of one function bounded: what
// makes a call slow is its protocol (arguments through slots, the call record, the callee's
// entry), which the inliner removes for small callees only anyway.
class CopyMaker final : public CalleeCopies {
 public:
  static constexpr uint32_t kMaxBodyBytes = 400;  // a callee's code section entry, locals included
  // Up to this size a copy is always inlined: LLVM's cost model counts the call protocol it
  // removes as the callee's own code, and left __multi3 (called 95 times by curve25519's field
  // multiply) a call at every site.
  static constexpr uint32_t kAlwaysInlineBytes = 160;
  static constexpr uint32_t kMaxCopies = 16;     // per compiled function
  static constexpr uint32_t kMaxNesting = 2;     // copies made inside copies

  CopyMaker(const DecodedModule& module, llvm::Module& target, const std::string& caller_name)
      : module_(module), target_(target), caller_name_(caller_name) {}
  void set_input(const CodegenInput* input) { input_ = input; }

  std::optional<Copy> copy_of(uint32_t function_index) override {
    if (auto made = made_.find(function_index); made != made_.end()) return made->second;
    made_[function_index] = std::nullopt;  // while it is being made, a cycle calls the callee itself
    if (function_index < module_.imported_function_count || nesting_ >= kMaxNesting || codes_.size() >= kMaxCopies)
      return std::nullopt;
    const uint32_t defined = function_index - module_.imported_function_count;
    if (module_.bodies[defined].code.size > kMaxBodyBytes) return std::nullopt;
    // A probe reads the values in the frame's slots, where a copy does not keep them.
    if (!input_->probe_ids.empty() && input_->probe_ids[function_index] != exec::kNotProbed) return std::nullopt;
    auto code = std::make_unique<exec::CompiledFunction>();
    const std::string name = copy_symbol(caller_name_, function_index);
    std::string why;
    ++nesting_;
    std::optional<CodegenOutput> output =
        generate_function(*input_, function_index, target_, name, why, CodegenRole::Copy);
    --nesting_;
    if (!output) return std::nullopt;
    *code = code_words_for(module_, defined, *output);
    output->function->addFnAttr(module_.bodies[defined].code.size <= kAlwaysInlineBytes ? llvm::Attribute::AlwaysInline
                                                                                        : llvm::Attribute::InlineHint);
    const Copy copy{output->function};
    codes_.push_back(std::move(code));
    made_[function_index] = copy;
    return copy;
  }

  std::vector<std::unique_ptr<const exec::CompiledFunction>> take() {
    std::vector<std::unique_ptr<const exec::CompiledFunction>> codes;
    for (std::unique_ptr<exec::CompiledFunction>& code : codes_) codes.push_back(std::move(code));
    return codes;
  }

 private:
  const DecodedModule& module_;
  llvm::Module& target_;
  const std::string& caller_name_;
  const CodegenInput* input_ = nullptr;
  std::map<uint32_t, std::optional<Copy>> made_;
  std::vector<std::unique_ptr<exec::CompiledFunction>> codes_;
  uint32_t nesting_ = 0;
};

class LlvmCompiler final : public exec::NativeCompiler {
 public:
  static constexpr uint64_t kLargeBodyBytes = 24 * 1024;

  LlvmCompiler(const DecodedModule& module, const exec::TranslationOptions& options,
               std::unique_ptr<llvm::orc::LLJIT> jit, std::unique_ptr<llvm::TargetMachine> machine,
               llvm::orc::ThreadSafeContext context, std::unique_ptr<llvm::Module> semantics,
               std::unique_ptr<llvm::JITEventListener> listener, std::unique_ptr<MachineCodeMapper> mapper,
               exec::CompileEffort effort)
      : listener_(std::move(listener)),
        mapper_(std::move(mapper)),
        module_(module),
        options_(options),
        effort_(effort),
        index_spaces_(module),
        jit_(std::move(jit)),
        machine_(std::move(machine)),
        context_(std::move(context)),
        semantics_(std::move(semantics)) {
    // The names are the engine's, which may be gone at a lazy compile: the ids are what is needed.
    probe_ids_ = exec::select_probed_functions(module, options);
    options_.probed_functions = {};
  }

  std::optional<exec::CompiledFunction> compile(uint32_t defined_index) override {
    const auto started = std::chrono::steady_clock::now();
    std::optional<exec::CompiledFunction> compiled = compile_function(defined_index);
    if (std::getenv("WASMPROF_DEBUG_COMPILE"))
      warn("function " + std::to_string(module_.imported_function_count + defined_index) + " (" +
           std::to_string(module_.bodies[defined_index].code.size) + " bytes): " +
           std::to_string(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count()) +
           " ms" + (compiled ? "" : ", declined"));
    return compiled;
  }

 private:
  std::optional<exec::CompiledFunction> compile_function(uint32_t defined_index) {
    const uint32_t function_index = module_.imported_function_count + defined_index;
    if (std::find(options_.compile_failures.begin(), options_.compile_failures.end(), defined_index) !=
        options_.compile_failures.end()) {
      warn("function " + std::to_string(function_index) + ": internal error: failure asked for (a test's)");
      return std::nullopt;
    }
    const std::string name = function_symbol(function_index);
    auto target = std::make_unique<llvm::Module>(name, *context_.getContext());
    target->setDataLayout(jit_->getDataLayout());
    target->setTargetTriple(jit_->getTargetTriple().str());

    // A very large function (an interpreter's dispatch loop) is compiled plainly: no callees'
    // copies, LLVM's -O1. Its -O2 compile took 15-27 s (sqlite3VdbeExec, 48 KB), time in which
    // the guest gained nothing from it and a tiered run's end waited for it. So is every function
    // compiled with CompileEffort::Quick.
    const bool large = effort_ == exec::CompileEffort::Quick || module_.bodies[defined_index].code.size > kLargeBodyBytes;
    CopyMaker copies(module_, *target, name);
    // Line tables only: what maps the machine code back to wasm (compile/machine_code_map.hh).
    // "For profiling": otherwise a function with nothing inlined gets no subprogram entry, and
    // its addresses no function (LLVM skips it under line tables only).
    target->addModuleFlag(llvm::Module::Warning, "Debug Info Version", llvm::DEBUG_METADATA_VERSION);
    target->addModuleFlag(llvm::Module::Warning, "Dwarf Version", 4);
    llvm::DIBuilder debug_info(*target);
    llvm::DICompileUnit* unit = debug_info.createCompileUnit(
        llvm::dwarf::DW_LANG_C, debug_info.createFile("wasm", ""), "wasmprof", /*isOptimized=*/true, "", 0, "",
        llvm::DICompileUnit::LineTablesOnly, /*DWOId=*/0, /*SplitDebugInlining=*/true, /*DebugInfoForProfiling=*/true);
    const CodegenInput input{module_, index_spaces_, options_, probe_ids_, *semantics_, large ? nullptr : &copies, unit};
    copies.set_input(&input);
    std::string why;
    std::optional<CodegenOutput> output = generate_function(input, function_index, *target, name, why);
    if (!output) {
      if (why.starts_with("internal error") || std::getenv("WASMPROF_DEBUG_COMPILE")) warn("function " + std::to_string(function_index) + ": " + why);
      return std::nullopt;
    }
    debug_info.finalize();
    if (!link_semantics(*target)) return std::nullopt;

    exec::CompiledFunction function = code_words_for(module_, defined_index, *output);
    function.callee_copies = copies.take();

    optimize(*target, large ? llvm::OptimizationLevel::O1 : llvm::OptimizationLevel::O2);
    if (const char* debug = std::getenv("WASMPROF_DEBUG_COMPILE"); debug && std::string_view(debug) == "ir")
      target->print(llvm::errs(), nullptr);  // the optimized code of each function, to read
    if (llvm::Error error = jit_->addIRModule(llvm::orc::ThreadSafeModule(std::move(target), context_))) {
      warn("function " + std::to_string(function_index) + ": " + message_of(std::move(error)));
      return std::nullopt;
    }
    llvm::Expected<llvm::orc::ExecutorAddr> address = jit_->lookup(name);
    if (!address) {
      warn("function " + std::to_string(function_index) + ": " + message_of(address.takeError()));
      return std::nullopt;
    }
    function.code[exec::native_layout::kEntryWord].native = address->toPtr<exec::NativeEntry>();
    llvm::Expected<llvm::orc::ExecutorAddr> body = jit_->lookup(body_symbol(name));
    if (!body) {
      warn("function " + std::to_string(function_index) + ": " + message_of(body.takeError()));
      return std::nullopt;
    }
    function.native_body = body->toPtr<const void*>();
    function.machine_map = mapper_->take(name).value_or(exec::MachineCodeMap{});
    return function;
  }

  // Copies in the definitions of the semantics functions `target` declares, made internal and
  // always inlined, so the optimizer folds each into its use.
  bool link_semantics(llvm::Module& target) {
    std::set<std::string> used;
    for (const llvm::Function& function : target.functions())
      if (function.isDeclaration() && function.getName().starts_with("wasmprof_semantics_")) used.insert(function.getName().str());
    if (used.empty()) return true;
    llvm::ValueToValueMapTy map;
    // The functions they call that clang did not inline (simd.hh's bigger ones, linkonce) come
    // along; the linker keeps only what is reached.
    std::unique_ptr<llvm::Module> copy = llvm::CloneModule(*semantics_, map, [&](const llvm::GlobalValue* value) {
      return used.count(value->getName().str()) > 0 || !value->getName().starts_with("wasmprof_semantics_");
    });
    if (llvm::Linker::linkModules(target, std::move(copy), llvm::Linker::LinkOnlyNeeded)) {
      warn("cannot link the semantics functions");
      return false;
    }
    for (const std::string& name : used) {
      llvm::Function* function = target.getFunction(name);
      function->setLinkage(llvm::GlobalValue::InternalLinkage);
      function->addFnAttr(llvm::Attribute::AlwaysInline);
    }
    // What stays a function of its own (the bigger SIMD helpers) keeps frame pointers and makes
    // no tail calls like the generated code, so a sampler's walk passes through it too.
    for (llvm::Function& function : target.functions()) {
      if (function.isDeclaration()) continue;
      function.addFnAttr("frame-pointer", "all");
      function.addFnAttr("disable-tail-calls", "true");
    }
    return true;
  }

  void optimize(llvm::Module& target, llvm::OptimizationLevel level) {
    llvm::LoopAnalysisManager loops;
    llvm::FunctionAnalysisManager functions;
    llvm::CGSCCAnalysisManager cgscc;
    llvm::ModuleAnalysisManager modules;
    llvm::PassBuilder builder(machine_.get());
    builder.registerModuleAnalyses(modules);
    builder.registerCGSCCAnalyses(cgscc);
    builder.registerFunctionAnalyses(functions);
    builder.registerLoopAnalyses(loops);
    builder.crossRegisterProxies(loops, functions, cgscc, modules);
    builder.buildPerModuleDefaultPipeline(level).run(target, modules);
  }

  std::unique_ptr<llvm::JITEventListener> listener_;  // before jit_: the JIT's layer refers to it
  std::unique_ptr<MachineCodeMapper> mapper_;         // (as listener_)
  const DecodedModule& module_;
  exec::TranslationOptions options_;
  exec::CompileEffort effort_;
  std::vector<uint32_t> probe_ids_;  // exec::select_probed_functions's
  ValidationContext index_spaces_;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  std::unique_ptr<llvm::TargetMachine> machine_;
  llvm::orc::ThreadSafeContext context_;
  std::unique_ptr<llvm::Module> semantics_;
};

// The semantics functions, for `context`, made target-neutral: clang wrote its own target's CPU
// and features into them, which would keep them from inlining into code for this host.
std::unique_ptr<llvm::Module> load_semantics(llvm::LLVMContext& context, const llvm::orc::LLJIT& jit) {
  const std::string_view bitcode = semantics_bitcode();
  llvm::MemoryBufferRef buffer(llvm::StringRef(bitcode.data(), bitcode.size()), "semantics");
  llvm::Expected<std::unique_ptr<llvm::Module>> semantics = llvm::parseBitcodeFile(buffer, context);
  if (!semantics) {
    warn("cannot read the semantics bitcode: " + message_of(semantics.takeError()));
    return nullptr;
  }
  (*semantics)->setDataLayout(jit.getDataLayout());
  (*semantics)->setTargetTriple(jit.getTargetTriple().str());
  for (llvm::Function& function : (*semantics)->functions()) {
    function.removeFnAttr("target-cpu");
    function.removeFnAttr("target-features");
    function.removeFnAttr("tune-cpu");
  }
  return std::move(*semantics);
}

}  // namespace

std::unique_ptr<exec::NativeCompiler> make_llvm_compiler(const DecodedModule& module,
                                                         const exec::TranslationOptions& options,
                                                         exec::CompileEffort effort) {
  if (!initialize_native_target()) return nullptr;
  llvm::Expected<llvm::orc::JITTargetMachineBuilder> host = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!host) {
    warn(message_of(host.takeError()));
    return nullptr;
  }
  host->setCodeGenOptLevel(llvm::CodeGenOpt::Default);
  // No AVX-512: its mask-register pass ("X86 Domain Reassignment") took a quarter of the back
  // end's time on flite's hottest function, and no wasm operation needs 512-bit vectors (the
  // bench suite ran as fast without). Removing the base feature removes the ones built on it.
  host->getFeatures().AddFeature("avx512f", false);
  llvm::Expected<std::unique_ptr<llvm::TargetMachine>> machine = host->createTargetMachine();
  if (!machine) {
    warn(message_of(machine.takeError()));
    return nullptr;
  }
  llvm::orc::LLJITBuilder builder;
  builder.setJITTargetMachineBuilder(*host);
  std::unique_ptr<llvm::JITEventListener> listener = perf_map_requested() ? make_perf_map_writer(module) : nullptr;
  auto mapper = std::make_unique<MachineCodeMapper>();
  builder.setObjectLinkingLayerCreator([&listener, &mapper](llvm::orc::ExecutionSession& session, const llvm::Triple&) {
    auto layer = std::make_unique<llvm::orc::RTDyldObjectLinkingLayer>(
        session, [] { return std::make_unique<llvm::SectionMemoryManager>(); });
    layer->registerJITEventListener(mapper->listener());
    if (listener) layer->registerJITEventListener(*listener);
    return std::unique_ptr<llvm::orc::ObjectLayer>(std::move(layer));
  });
  llvm::Expected<std::unique_ptr<llvm::orc::LLJIT>> jit = builder.create();
  if (!jit) {
    warn(message_of(jit.takeError()));
    return nullptr;
  }
  // The semantics functions may call the C library's (nearbyint, ...): found in this process.
  llvm::Expected<std::unique_ptr<llvm::orc::DynamicLibrarySearchGenerator>> process =
      llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess((*jit)->getDataLayout().getGlobalPrefix());
  if (!process) {
    warn(message_of(process.takeError()));
    return nullptr;
  }
  (*jit)->getMainJITDylib().addGenerator(std::move(*process));
  llvm::orc::ThreadSafeContext context(std::make_unique<llvm::LLVMContext>());
  std::unique_ptr<llvm::Module> semantics = load_semantics(*context.getContext(), **jit);
  if (!semantics) return nullptr;
  return std::make_unique<LlvmCompiler>(module, options, std::move(*jit), std::move(*machine), std::move(context),
                                        std::move(semantics), std::move(listener), std::move(mapper), effort);
}

}  // namespace wasmprof::compile
