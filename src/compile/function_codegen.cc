#include "compile/function_codegen.hh"

#include <llvm/IR/Constants.h>
#include <llvm/IR/DIBuilder.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Support/raw_ostream.h>

#include <cstddef>
#include <cstring>
#include <map>

#include "binary/instruction_reader.hh"
#include "compile/jit_symbols.hh"
#include "compile/scalar_rows.hh"
#include "exec/interpreter.hh"
#include "support/error.hh"

namespace wasmprof::compile {
namespace {

using exec::TrapKind;

// Thrown inside the generator when the function uses something this tier does not compile yet.
struct Unsupported {
  std::string why;
};

enum class ControlKind { Function, Block, Loop, If };

// One entry of the control stack: a structured instruction being generated.
struct Control {
  ControlKind kind;
  std::vector<ValueType> params, results;
  llvm::BasicBlock* label_block = nullptr;  // where a branch to this label goes
  llvm::BasicBlock* end_block = nullptr;
  llvm::BasicBlock* else_block = nullptr;   // an If's else arm, until `else` is seen
  std::vector<llvm::AllocaInst*> label_vars;   // the values a branch to this label carries
  std::vector<llvm::AllocaInst*> result_vars;  // the values at its end
  std::vector<llvm::Value*> if_params;         // an If's parameters, for its else arm
  size_t height = 0;                           // operand stack height below its parameters
  bool dead = false;                           // the rest of the current arm cannot run
};

class Generator {
 public:
  Generator(const CodegenInput& input, uint32_t function_index, llvm::Module& target, const std::string& name,
            CodegenRole role)
      : input_(input),
        function_index_(function_index),
        role_(role),
        module_(input.module),
        type_(input.index_spaces.function_type(function_index)),
        body_(module_.bodies[function_index - module_.imported_function_count]),
        target_(target),
        context_(target.getContext()),
        builder_(context_),
        i8_(llvm::Type::getInt8Ty(context_)),
        i32_(llvm::Type::getInt32Ty(context_)),
        i64_(llvm::Type::getInt64Ty(context_)),
        f32_(llvm::Type::getFloatTy(context_)),
        f64_(llvm::Type::getDoubleTy(context_)),
        i128_(llvm::Type::getInt128Ty(context_)),
        ptr_(llvm::PointerType::get(context_, 0)),
        name_(name) {
    // What memory each access touches, for LLVM's type-based alias analysis: a frame slot, linear
    // memory, a global's value, the call depth and the rest of the store (what the view points at)
    // are disjoint, so a value passed through a slot across the depth's store stays in a register
    // once a callee's copy is inlined, and memory's base survives guest stores.
    // Only this code's own accesses carry these tags; a call of a helper still clobbers everything.
    llvm::MDBuilder tags(context_);
    llvm::MDNode* root = tags.createTBAARoot("wasmprof compiled code");
    auto tag = [&](const char* name) {
      llvm::MDNode* type = tags.createTBAAScalarTypeNode(name, root);
      return tags.createTBAAStructTagNode(type, type, 0);
    };
    slot_tag_ = tag("frame slot");
    memory_tag_ = tag("linear memory");
    global_tag_ = tag("global value");
    depth_tag_ = tag("call depth");
    runtime_tag_ = tag("store state");
  }

  CodegenOutput run() {
    try {
      return generate();
    } catch (...) {
      // A copy's caller goes on with the module: the half-made copy leaves it.
      if (role_ == CodegenRole::Copy) {
        if (function_) function_->eraseFromParent();
        if (code_words_) code_words_->eraseFromParent();
      }
      throw;
    }
  }

 private:
  CodegenOutput generate() {
    begin_function();
    Reader bytes(module_.span(body_.code), body_.code.offset);
    InstructionReader reader(bytes);
    while (!controls_.empty()) {
      const Instruction& in = reader.read();
      instruction_offset_ = in.offset;
      locate(in.offset);
      instruction_site_ = kNoSite;
      if (controls_.back().dead && skip_dead(in.opcode)) continue;
      // Charged to the block it belongs to before generating it may begin the next, as the
      // translator does.
      if (!controls_.back().dead) fuel_cost_ += exec::fuel_cost(in.opcode);
      generate(in, reader);
    }
    finish_fuel_block();
    if (fuel_placeholder_) fuel_placeholder_->eraseFromParent();
    keep_calls_apart();
    if (debug_) debug_->finalize();
    std::string problems;
    llvm::raw_string_ostream stream(problems);
    if (llvm::verifyFunction(*function_, &stream)) throw Unsupported{"internal error: invalid IR: " + problems};
    llvm::Function* entry = role_ == CodegenRole::Copy ? nullptr : generate_native_entry();
    if (entry != nullptr && llvm::verifyFunction(*entry, &stream)) throw Unsupported{"internal error: invalid IR: " + problems};
    return CodegenOutput{function_, entry, code_words_, std::move(site_offsets_)};
  }

  static constexpr uint32_t kNoSite = UINT32_MAX;

  // --- Types and values --------------------------------------------------------------------

  llvm::Type* llvm_type(ValueType type) const {
    switch (type) {
      case ValueType::I32: return i32_;
      case ValueType::I64: return i64_;
      case ValueType::F32: return f32_;
      case ValueType::F64: return f64_;
      case ValueType::FuncRef:
      case ValueType::ExternRef: return i64_;  // exec::Ref, 0 is null
      case ValueType::V128: return i128_;     // exec::V128's 16 bytes, little-endian
    }
    throw Unsupported{"internal error: a value type of no size"};
  }

  llvm::Value* zero(ValueType type) const { return llvm::Constant::getNullValue(llvm_type(type)); }

  // Reinterprets a value as `to` of the same size (f32 <-> i32, f64 <-> i64).
  llvm::Value* coerce(llvm::Value* value, llvm::Type* to) {
    if (value->getType() == to) return value;
    return builder_.CreateBitCast(value, to);
  }

  llvm::Value* pop() {
    llvm::Value* value = stack_.back();
    stack_.pop_back();
    return value;
  }
  std::vector<llvm::Value*> pop_n(size_t count) {
    std::vector<llvm::Value*> values(stack_.end() - count, stack_.end());
    stack_.resize(stack_.size() - count);
    return values;
  }

  llvm::Value* constant_u32(uint32_t value) const { return llvm::ConstantInt::get(i32_, value); }
  llvm::Value* constant_u64(uint64_t value) const { return llvm::ConstantInt::get(i64_, value); }

  template <class Access>
  Access* tagged(Access* access, llvm::MDNode* tag) {
    access->setMetadata(llvm::LLVMContext::MD_tbaa, tag);
    return access;
  }
  llvm::LoadInst* load_runtime(llvm::Type* type, llvm::Value* address) {
    return tagged(builder_.CreateLoad(type, address), runtime_tag_);
  }

  // A call's return address names, through the machine code map, every wasm frame that made it
  // (the copies inlined there included): what the records of compiled frames are written from
  // (exec/native_records.hh) and what the sampler reads. Two calls merged into one (tail merging,
  // sinking into a common successor) would name only the frames they share, so no call is
  // merged (the semantics functions' calls, inlined, are none of these).
  void keep_calls_apart() {
    for (llvm::BasicBlock& block : *function_)
      for (llvm::Instruction& instruction : block)
        if (auto* call = llvm::dyn_cast<llvm::CallInst>(&instruction))
          if (call->getCalledFunction() == nullptr || !call->getCalledFunction()->isIntrinsic())
            call->addFnAttr(llvm::Attribute::NoMerge);
  }

  // --- Frame slots ---------------------------------------------------------------------------

  llvm::Value* slot_address(llvm::Value* frame, uint32_t slot) {
    return builder_.CreateConstInBoundsGEP1_64(i64_, frame, slot);
  }

  // Slots hold scalars in their low bytes; written whole, zero-extended, as the interpreter's
  // write_slot does, so no stale upper bytes reach a wider read.
  llvm::Value* load_slot(llvm::Value* frame, uint32_t slot, ValueType type) {
    llvm::LoadInst* load = builder_.CreateLoad(llvm_type(type), slot_address(frame, slot));
    load->setAlignment(llvm::Align(alignof(exec::Slot)));  // a v128 spans two slots
    return tagged(load, slot_tag_);
  }
  void store_slot(llvm::Value* frame, uint32_t slot, llvm::Value* value) {
    llvm::Type* type = value->getType();
    if (type == f32_) value = builder_.CreateBitCast(value, i32_);
    if (type == f64_) value = builder_.CreateBitCast(value, i64_);
    if (value->getType() == i32_) value = builder_.CreateZExt(value, i64_);
    llvm::StoreInst* store = builder_.CreateStore(value, slot_address(frame, slot));
    store->setAlignment(llvm::Align(alignof(exec::Slot)));
    tagged(store, slot_tag_);
  }

  // Values of `types` in consecutive slots from `frame`, as the interpreter lays out parameters
  // and results (a v128 takes two slots).
  void store_values(llvm::Value* frame, const std::vector<ValueType>& types, const std::vector<llvm::Value*>& values) {
    uint32_t slot = 0;
    for (size_t i = 0; i < types.size(); ++i) {
      store_slot(frame, slot, values[i]);
      slot += exec::slot_size(types[i]);
    }
  }
  std::vector<llvm::Value*> load_values(llvm::Value* frame, const std::vector<ValueType>& types) {
    std::vector<llvm::Value*> values;
    uint32_t slot = 0;
    for (ValueType type : types) {
      values.push_back(load_slot(frame, slot, type));
      slot += exec::slot_size(type);
    }
    return values;
  }

  // --- Sites, traps and helpers --------------------------------------------------------------

  // The current instruction's site (one per instruction, made on first use).
  llvm::Constant* site() {
    if (instruction_site_ == kNoSite) {
      instruction_site_ = uint32_t(site_offsets_.size());
      site_offsets_.push_back(instruction_offset_);
    }
    return site_address(instruction_site_);
  }
  llvm::Constant* site_address(uint32_t site) {
    return llvm::ConstantExpr::getInBoundsGetElementPtr(
        i64_, code_words_, llvm::ConstantInt::get(i64_, exec::native_layout::site_position(site)));
  }

  template <class Helper>
  llvm::FunctionCallee helper(Helper address, llvm::FunctionType* type) {
    llvm::Constant* pointer = llvm::ConstantExpr::getIntToPtr(
        llvm::ConstantInt::get(i64_, reinterpret_cast<uintptr_t>(address)), ptr_);
    return llvm::FunctionCallee(type, pointer);
  }
  llvm::FunctionType* function_type(llvm::Type* result, std::initializer_list<llvm::Type*> params) {
    return llvm::FunctionType::get(result, llvm::ArrayRef<llvm::Type*>(params.begin(), params.size()), false);
  }

  llvm::BasicBlock* new_block(const char* name) { return llvm::BasicBlock::Create(context_, name, function_); }

  // Branches to `unlikely` if `condition`, continuing in a new block otherwise.
  llvm::BasicBlock* branch_unlikely(llvm::Value* condition, const char* name) {
    llvm::BasicBlock* taken = new_block(name);
    llvm::BasicBlock* rest = new_block("cont");
    builder_.CreateCondBr(condition, taken, rest, llvm::MDBuilder(context_).createBranchWeights(1, 1 << 20));
    builder_.SetInsertPoint(taken);
    return rest;
  }

  // Every trap of the function goes through one block that raises it (a site and a kind come in
  // as phis), and every trap a callee or helper returns through one block that returns it: one
  // branch per check in the code, not a block and a call each, which kept LLVM busy for nothing.
  void trap_if(llvm::Value* condition, TrapKind kind) { raise_if(condition, llvm::ConstantInt::get(i8_, uint8_t(kind))); }

  void raise_if(llvm::Value* condition, llvm::Value* kind) {
    if (raise_block_ == nullptr) {
      raise_block_ = llvm::BasicBlock::Create(context_, "raise", function_);
      llvm::IRBuilder<> raise(raise_block_);
      // A location in this function (the first trap's), so that where this function is inlined
      // the helper's call names its frame too (a call with none is the caller's). Which trap it
      // is comes from the site.
      raise.SetCurrentDebugLocation(builder_.getCurrentDebugLocation());
      raise_site_ = raise.CreatePHI(ptr_, 4, "site");
      raise_kind_ = raise.CreatePHI(i8_, 4, "kind");
      sync_depth(raise);
      llvm::CallInst* call = raise.CreateCall(helper(exec::native_helpers().trap, function_type(i8_, {ptr_, ptr_, i8_})),
                                              {context_arg_, raise_site_, raise_kind_});
      call->addParamAttr(2, llvm::Attribute::ZExt);
      return_status(raise, call);
    }
    llvm::BasicBlock* rest = new_block("cont");
    builder_.CreateCondBr(condition, raise_block_, rest, llvm::MDBuilder(context_).createBranchWeights(1, 1 << 20));
    raise_site_->addIncoming(site(), builder_.GetInsertBlock());
    raise_kind_->addIncoming(kind, builder_.GetInsertBlock());
    builder_.SetInsertPoint(rest);
  }

  void emit_trap(TrapKind kind) {
    sync_depth(builder_);
    llvm::CallInst* call = builder_.CreateCall(helper(exec::native_helpers().trap, function_type(i8_, {ptr_, ptr_, i8_})),
                                               {context_arg_, site(), llvm::ConstantInt::get(i8_, uint8_t(kind))});
    call->addParamAttr(2, llvm::Attribute::ZExt);
    return_status(builder_, call);
  }

  // Returns `status` from the function, as the first field of its result.
  void return_status(llvm::IRBuilder<>& at, llvm::Value* status) {
    at.CreateRet(at.CreateInsertValue(llvm::PoisonValue::get(function_->getReturnType()), status, {0}));
  }

  // What compiled code calls, a function's body and a callee's copy alike: `{i8 status,
  // results...} (ptr fp, ptr context, ptr view, i32 depth, [i32 loop,] params...)`, `depth` its
  // frame's (its record is the one below), `loop` (a body's only: a copy is never entered at a
  // loop) 0 for a call. Its callers are compiled code only (the interpreter enters a body through
  // its NativeEntry, generate_native_entry), so its values pass in registers, not in the frame's
  // slots (which a slot-stack reader never reads in a compiled frame: backtraces read records).
  llvm::FunctionType* register_signature(const FuncType& type, bool loop_entry) {
    std::vector<llvm::Type*> results{i8_}, params{ptr_, ptr_, ptr_, i32_};
    if (loop_entry) params.push_back(i32_);
    for (ValueType result : type.results) results.push_back(llvm_type(result));
    for (ValueType param : type.params) params.push_back(llvm_type(param));
    return llvm::FunctionType::get(llvm::StructType::get(context_, results), params, false);
  }
  static constexpr unsigned kLoopArg = 4;
  unsigned first_param_arg() const { return role_ == CodegenRole::Copy ? 4 : 5; }

  // A helper's or callee's status: returns it if it is a trap (its position is already set).
  void return_if_trap(llvm::Value* status) {
    if (unwind_block_ == nullptr) {
      unwind_block_ = llvm::BasicBlock::Create(context_, "unwind", function_);
      llvm::IRBuilder<> unwind(unwind_block_);
      unwind_status_ = unwind.CreatePHI(i8_, 4, "status");
      return_status(unwind, unwind_status_);
    }
    llvm::BasicBlock* rest = new_block("cont");
    builder_.CreateCondBr(builder_.CreateICmpNE(status, llvm::ConstantInt::get(i8_, 0)), unwind_block_, rest,
                          llvm::MDBuilder(context_).createBranchWeights(1, 1 << 20));
    unwind_status_->addIncoming(status, builder_.GetInsertBlock());
    builder_.SetInsertPoint(rest);
  }

  // The call depth lives in a register (depth_): ExecContext::depth is written only where
  // something reads it, before every helper call (a helper may push a record, sample the stack,
  // raise a trap, run an embedder's callback) and at a NativeEntry function's return, which its
  // interpreted caller pops. So a call between compiled functions passes no value through memory.
  // With it, the frame's address: where a helper's walk of the compiled frames, which writes
  // their records (exec/native_records.hh), starts.
  void sync_depth(llvm::IRBuilder<>& at) {
    tagged(at.CreateStore(depth_, view_field(at, ptr_, depth_var_)), depth_tag_);
    tagged(at.CreateStore(frame_address(at), view_field(at, ptr_, helper_caller_frame_var_)), depth_tag_);
  }

  // This function's frame address (a frame pointer is kept: add_code_attributes).
  llvm::Value* frame_address(llvm::IRBuilder<>& at) {
    llvm::Function* intrinsic = llvm::Intrinsic::getDeclaration(&target_, llvm::Intrinsic::frameaddress, {ptr_});
    return at.CreatePtrToInt(at.CreateCall(intrinsic, {llvm::ConstantInt::get(i32_, 0)}), i64_);
  }

  // Reads memory 0's base and size again (after a call, a grow, a check point: it may have moved
  // or grown), from where the memory keeps them.
  void reload_memory() {
    builder_.CreateStore(load_runtime(ptr_, view_field(builder_, ptr_, memory_base_address_var_)), memory_base_var_);
    builder_.CreateStore(load_runtime(i64_, view_field(builder_, ptr_, memory_size_address_var_)), memory_size_var_);
  }

  // Where the view's field at `offset` is: read at each use (view_field), not once at entry,
  // so a field a path does not use costs it nothing, and the register allocator may read one
  // again rather than keep it in a register or spill it: the view does not change while the
  // function runs, which the loads say (invariant).
  llvm::Value* view_var(size_t offset, const char* name) {
    return builder_.CreateConstInBoundsGEP1_64(i8_, view_, offset, name);
  }
  llvm::LoadInst* view_field(llvm::IRBuilder<>& at, llvm::Type* type, llvm::Value* field) {
    llvm::LoadInst* load = at.CreateLoad(type, field);
    load->setMetadata(llvm::LLVMContext::MD_invariant_load, llvm::MDNode::get(context_, {}));
    return tagged(load, runtime_tag_);
  }
  llvm::Value* load_view_field(size_t offset, llvm::Type* type) {
    return view_field(builder_, type, builder_.CreateConstInBoundsGEP1_64(i8_, view_, offset));
  }

  // A check point (function entry, loop back edge): the frame address below
  // ExecContext::native_limit (a pending interrupt request, or a host stack used down to its
  // floor: one load for both, context.hh) or (compiled with epoch checks) a passed deadline calls
  // check_point with this site (which reads the frame address that sync_depth stores). At the
  // entry it is what keeps recursion off the host stack's reserve: calls check nothing of the
  // host stack.
  void emit_check_point() {
    llvm::Value* limit_address = builder_.CreateConstInBoundsGEP1_64(i8_, context_arg_, exec::native_limit_offset());
    llvm::LoadInst* limit = load_runtime(i64_, limit_address);
    limit->setAtomic(llvm::AtomicOrdering::Monotonic);
    limit->setAlignment(llvm::Align(8));
    llvm::Value* stop = builder_.CreateICmpULT(frame_address(builder_), limit);
    if (input_.options.epoch_checks) {
      llvm::LoadInst* epoch = load_runtime(i64_, view_field(builder_, ptr_, epoch_var_));
      epoch->setAtomic(llvm::AtomicOrdering::Monotonic);
      epoch->setAlignment(llvm::Align(8));
      llvm::Value* deadline = load_runtime(i64_, view_field(builder_, ptr_, deadline_var_));
      stop = builder_.CreateOr(stop, builder_.CreateICmpUGE(epoch, deadline));
    }
    llvm::BasicBlock* rest = branch_unlikely(stop, "check_point");
    sync_depth(builder_);
    llvm::CallInst* status =
        builder_.CreateCall(helper(exec::native_helpers().check_point, function_type(i8_, {ptr_, ptr_, i8_})),
                            {context_arg_, site(), llvm::ConstantInt::get(i8_, input_.options.epoch_checks ? 1 : 0)});
    status->addParamAttr(2, llvm::Attribute::ZExt);  // a C++ bool
    reload_memory();
    return_if_trap(status);
    builder_.CreateBr(rest);
    builder_.SetInsertPoint(rest);
  }

  // --- Function probes ----------------------------------------------------------------------

  // The probe of a probed function (exec::select_probed_functions), where the translator puts it:
  // at entry, with the parameters in the frame's slots, and on every way out, with the results
  // there, at the instruction that leaves (`return`, a branch to the function's label, its `end`).
  std::optional<uint32_t> probe_id() const {
    if (input_.probe_ids.empty() || input_.probe_ids[function_index_] == exec::kNotProbed) return std::nullopt;
    return input_.probe_ids[function_index_];
  }
  void emit_probe(exec::ProbePoint point) {
    if (!probe_id()) return;
    sync_depth(builder_);
    llvm::Value* status = builder_.CreateCall(
        helper(exec::native_helpers().probe, function_type(i8_, {ptr_, ptr_, ptr_, ptr_, i32_, i32_})),
        {context_arg_, site(), fp_arg_, constant_pointer(reinterpret_cast<const void*>(input_.options.probe_callback)),
         constant_u32(*probe_id()), constant_u32(uint32_t(point))});
    reload_memory();
    return_if_trap(status);
  }
  void emit_exit_probe() {
    if (!probe_id()) return;
    const std::vector<llvm::Value*> results(stack_.end() - long(type_.results.size()), stack_.end());
    store_values(fp_arg_, type_.results, results);
    emit_probe(exec::ProbePoint::Exit);
  }

  // --- Fuel ---------------------------------------------------------------------------------

  // A basic block's fuel (code compiled with fuel): where the translator begins one (function
  // entry, loop header, then and else arms, after an `end` and a `br_if`), the block pays its
  // cost from ExecContext::fuel, or traps at the instruction that began it without paying, as
  // consume_fuel does. The cost is known once the block's instructions are read: a placeholder
  // until then.
  void begin_fuel_block() {
    finish_fuel_block();
    if (!input_.options.fuel) return;
    if (!fuel_placeholder_)
      fuel_placeholder_ = new llvm::GlobalVariable(target_, i64_, true, llvm::GlobalValue::ExternalLinkage, nullptr,
                                                   name_ + ".fuel_cost");
    fuel_cost_value_ = builder_.CreateLoad(i64_, fuel_placeholder_, "fuel_cost");
    fuel_cost_ = 0;
    llvm::Value* address = view_field(builder_, ptr_, fuel_var_);
    llvm::Value* fuel = load_runtime(i64_, address);
    trap_if(builder_.CreateICmpULT(fuel, fuel_cost_value_), TrapKind::OutOfFuel);
    tagged(builder_.CreateStore(builder_.CreateSub(fuel, fuel_cost_value_), address), runtime_tag_);
  }
  void finish_fuel_block() {
    if (!fuel_cost_value_) return;
    fuel_cost_value_->replaceAllUsesWith(constant_u64(fuel_cost_));
    fuel_cost_value_->eraseFromParent();
    fuel_cost_value_ = nullptr;
  }

  // --- Function entry and exit ---------------------------------------------------------------

  // The function's subprogram (compile/jit_symbols.hh): named by its index, its lines are
  // module offsets. The entry's code is the body's first byte.
  void begin_debug_info(bool copy) {
    if (input_.debug_unit == nullptr) return;
    debug_ = std::make_unique<llvm::DIBuilder>(target_, /*AllowUnresolved=*/false, input_.debug_unit);
    llvm::DIFile* file = input_.debug_unit->getFile();
    const auto flags = llvm::DISubprogram::SPFlagDefinition | llvm::DISubprogram::SPFlagOptimized |
                       (copy ? llvm::DISubprogram::SPFlagLocalToUnit : llvm::DISubprogram::SPFlagZero);
    subprogram_ = debug_->createFunction(file, function_symbol(function_index_), name_, file, uint32_t(body_.code.offset),
                                         debug_->createSubroutineType(debug_->getOrCreateTypeArray({})),
                                         uint32_t(body_.code.offset), llvm::DINode::FlagZero, flags);
    function_->setSubprogram(subprogram_);
    locate(uint32_t(body_.code.offset));
  }

  // What the code generated from here on comes from: the instruction at module offset `offset`.
  void locate(uint32_t offset) {
    if (subprogram_ != nullptr) builder_.SetCurrentDebugLocation(llvm::DILocation::get(context_, offset, 0, subprogram_));
  }

  llvm::AllocaInst* entry_alloca(llvm::Type* type, const char* name) {
    llvm::IRBuilder<> entry(&function_->getEntryBlock(), function_->getEntryBlock().begin());
    return entry.CreateAlloca(type, nullptr, name);
  }

  void begin_function() {
    const bool copy = role_ == CodegenRole::Copy;
    function_ = llvm::Function::Create(register_signature(type_, !copy),
                                       copy ? llvm::GlobalValue::InternalLinkage : llvm::GlobalValue::ExternalLinkage,
                                       copy ? name_ : body_symbol(name_), target_);
    add_code_attributes(*function_);
    // The semantics functions are strict about floating point (src/CMakeLists.txt), and only a
    // strict function may inline them.
    begin_debug_info(copy);
    fp_arg_ = function_->getArg(0);
    context_arg_ = function_->getArg(1);
    view_ = function_->getArg(2);
    function_->addParamAttr(2, llvm::Attribute::NonNull);
    code_words_ = new llvm::GlobalVariable(target_, i64_, true, llvm::GlobalValue::ExternalLinkage, nullptr,
                                           name_ + ".code_words");

    builder_.SetInsertPoint(llvm::BasicBlock::Create(context_, "entry", function_));
    for (ValueType param : type_.params) add_local(param);
    for (const LocalGroup& group : body_.locals)
      for (uint32_t i = 0; i < group.count; ++i) add_local(group.type);
    memory_base_var_ = entry_alloca(ptr_, "memory_base");
    memory_size_var_ = entry_alloca(i64_, "memory_size");

    param_slots_ = exec::slot_count(type_.params);
    result_slots_ = exec::slot_count(type_.results);
    frame_base_ = std::max(param_slots_, result_slots_);

    using exec::NativeView;
    memory_base_address_var_ = view_var(offsetof(NativeView, memory_base_address), "memory_base_address");
    memory_size_address_var_ = view_var(offsetof(NativeView, memory_size_address), "memory_size_address");
    globals_var_ = view_var(offsetof(NativeView, globals), "globals");
    functions_var_ = view_var(offsetof(NativeView, functions), "functions");
    instance_var_ = view_var(offsetof(NativeView, instance), "instance");
    epoch_var_ = view_var(offsetof(NativeView, epoch), "epoch");
    deadline_var_ = view_var(offsetof(NativeView, epoch_deadline), "epoch_deadline");
    depth_var_ = view_var(offsetof(NativeView, depth), "depth");
    helper_caller_frame_var_ = view_var(offsetof(NativeView, helper_caller_frame), "helper_caller_frame");
    stack_end_var_ = view_var(offsetof(NativeView, stack_end), "stack_end");
    max_depth_var_ = view_var(offsetof(NativeView, max_call_depth), "max_call_depth");
    depth_ = function_->getArg(3);
    if (input_.options.fuel) fuel_var_ = view_var(offsetof(NativeView, fuel), "fuel");
    reload_memory();
    instruction_offset_ = uint32_t(body_.code.offset);

    // Entered by a call (loop 0): the parameters from their slots, the other locals zero, and the
    // entry's check point. Entered at a loop by an interpreted activation (on-stack replacement):
    // every local from its slot, straight to the loop's header (begin_block adds the cases).
    // (A copy is only ever called: no loop entries; nor has code no activation moves into.)
    llvm::BasicBlock* start = new_block("start");
    if (copy || !input_.options.loop_entries) {
      builder_.CreateBr(start);
    } else {
      llvm::BasicBlock* replace = new_block("on_stack_replacement");
      builder_.CreateCondBr(builder_.CreateICmpEQ(function_->getArg(kLoopArg), constant_u32(0)), start, replace);
      builder_.SetInsertPoint(replace);
      for (size_t i = 0; i < locals_.size(); ++i) builder_.CreateStore(load_slot(fp_arg_, local_slots_[i], local_types_[i]), locals_[i]);
      llvm::BasicBlock* unknown_loop = new_block("unknown_loop");
      loop_entries_ = builder_.CreateSwitch(function_->getArg(kLoopArg), unknown_loop);
      builder_.SetInsertPoint(unknown_loop);  // the interpreter and this generator disagree: a bug
      emit_trap(TrapKind::Unreachable);
    }
    builder_.SetInsertPoint(start);
    for (size_t i = 0; i < locals_.size(); ++i) {
      llvm::Value* value = i < type_.params.size() ? function_->getArg(first_param_arg() + unsigned(i)) : zero(local_types_[i]);
      builder_.CreateStore(value, locals_[i]);
    }
    emit_check_point();
    begin_fuel_block();
    if (probe_id()) {  // a probe reads the parameters in their slots (a probed function has no copies)
      std::vector<llvm::Value*> params;
      for (unsigned i = 0; i < type_.params.size(); ++i) params.push_back(function_->getArg(first_param_arg() + i));
      store_values(fp_arg_, type_.params, params);
    }
    emit_probe(exec::ProbePoint::Entry);
    instruction_site_ = kNoSite;

    Control function;
    function.kind = ControlKind::Function;
    function.results = type_.results;
    function.end_block = llvm::BasicBlock::Create(context_, "return", function_);
    function.label_block = function.end_block;
    function.result_vars = result_vars(type_.results);
    function.label_vars = function.result_vars;
    controls_.push_back(std::move(function));
  }

  void add_local(ValueType type) {
    local_slots_.push_back(local_slots_.empty() ? 0 : local_slots_.back() + exec::slot_size(local_types_.back()));
    local_types_.push_back(type);
    locals_.push_back(entry_alloca(llvm_type(type), "local"));
  }

  std::vector<llvm::AllocaInst*> result_vars(const std::vector<ValueType>& types) {
    std::vector<llvm::AllocaInst*> vars;
    for (ValueType type : types) vars.push_back(entry_alloca(llvm_type(type), "label_value"));
    return vars;
  }

  // The function's return block: status 0 and the results.
  void emit_return_block(const Control& function) {
    llvm::Value* result = llvm::PoisonValue::get(function_->getReturnType());
    result = builder_.CreateInsertValue(result, llvm::ConstantInt::get(i8_, 0), {0});
    for (size_t i = 0; i < function.result_vars.size(); ++i)
      result = builder_.CreateInsertValue(result, builder_.CreateLoad(llvm_type(function.results[i]), function.result_vars[i]),
                                          {unsigned(1 + i)});
    builder_.CreateRet(result);
  }

  // What every function of compiled code is made with.
  static void add_code_attributes(llvm::Function& function) {
    function.addFnAttr(llvm::Attribute::NoUnwind);
    // The semantics functions are strict about floating point (src/CMakeLists.txt), and only a
    // strict function may inline them.
    function.addFnAttr(llvm::Attribute::StrictFP);
    // Frames linked by frame pointers: what a sampler walks (the profiling of compiled code).
    function.addFnAttr("frame-pointer", "all");
    // And no tail calls: a sampler's signal can then find the caller at any instruction but the
    // first two and the `ret` (exec/native_sampling.cc).
    function.addFnAttr("disable-tail-calls", "true");
  }

  // The function as the interpreter and the helpers enter it (exec's NativeEntry, `i8 (ptr fp,
  // ptr context, ptr view, i32 loop)`, arguments and results in the frame's slots, a null view
  // when the caller has none): a wrapper that calls the body. It has no debug information, so its
  // machine code maps to no wasm frame: a walk of compiled frames (the sampler's, a fault's) passes
  // over it, and a frame of the function is its body's. Compiled callers of the instance call the
  // body itself (CompiledFunction::native_body), with the arguments and results in registers.
  llvm::Function* generate_native_entry() {
    llvm::Function* entry = llvm::Function::Create(function_type(i8_, {ptr_, ptr_, ptr_, i32_}), llvm::GlobalValue::ExternalLinkage,
                                                   name_, target_);
    entry->addRetAttr(llvm::Attribute::ZExt);
    add_code_attributes(*entry);
    llvm::Function* body = function_;
    function_ = entry;  // new_block and entry_alloca build here
    builder_.SetCurrentDebugLocation(llvm::DebugLoc());
    llvm::Value* fp = entry->getArg(0);
    llvm::Value* context = entry->getArg(1);
    llvm::Value* caller_view = entry->getArg(2);
    builder_.SetInsertPoint(new_block("entry"));
    llvm::AllocaInst* own_view = entry_alloca(llvm::ArrayType::get(i8_, sizeof(exec::NativeView)), "own_view");
    own_view->setAlignment(llvm::Align(alignof(exec::NativeView)));
    llvm::BasicBlock* fill = new_block("fill_view");
    llvm::BasicBlock* viewed = new_block("viewed");
    llvm::BasicBlock* before = builder_.GetInsertBlock();
    builder_.CreateCondBr(builder_.CreateICmpEQ(caller_view, llvm::ConstantPointerNull::get(ptr_)), fill, viewed);
    builder_.SetInsertPoint(fill);
    builder_.CreateCall(helper(exec::native_helpers().view, function_type(llvm::Type::getVoidTy(context_), {ptr_, ptr_})),
                        {context, own_view});
    builder_.CreateBr(viewed);
    builder_.SetInsertPoint(viewed);
    llvm::PHINode* view = builder_.CreatePHI(ptr_, 2, "view");
    view->addIncoming(caller_view, before);
    view->addIncoming(own_view, fill);
    // The depth the caller entered it at, which the caller pops once it returns.
    llvm::Value* depth_field = view_field(builder_, ptr_, builder_.CreateConstInBoundsGEP1_64(i8_, view, offsetof(exec::NativeView, depth)));
    llvm::Value* depth = tagged(builder_.CreateLoad(i32_, depth_field), depth_tag_);
    // The parameters from their slots (entered at a loop, the body reads every local from the slots).
    std::vector<llvm::Value*> arguments{fp, context, view, depth, entry->getArg(3)};
    for (llvm::Value* param : load_values(fp, type_.params)) arguments.push_back(param);
    llvm::CallInst* call = builder_.CreateCall(body, arguments);
    call->addFnAttr(llvm::Attribute::NoInline);  // the body stays one, which compiled callers call
    llvm::Value* status = builder_.CreateExtractValue(call, {0});
    llvm::BasicBlock* returned = new_block("returned");
    llvm::BasicBlock* trapped = new_block("trapped");
    builder_.CreateCondBr(builder_.CreateICmpEQ(status, llvm::ConstantInt::get(i8_, 0)), returned, trapped);
    builder_.SetInsertPoint(trapped);  // the records and the depth as the trap left them
    builder_.CreateRet(status);
    builder_.SetInsertPoint(returned);
    std::vector<llvm::Value*> results;
    for (size_t i = 0; i < type_.results.size(); ++i) results.push_back(builder_.CreateExtractValue(call, {unsigned(1 + i)}));
    store_values(fp, type_.results, results);
    tagged(builder_.CreateStore(depth, depth_field), depth_tag_);
    builder_.CreateRet(llvm::ConstantInt::get(i8_, 0));
    function_ = body;
    return entry;
  }

  // --- Control -----------------------------------------------------------------------------

  // While the rest of an arm is dead: skips instructions up to its `else` or `end`. Returns
  // true if `opcode` was skipped.
  bool skip_dead(Opcode opcode) {
    switch (opcode) {
      case Opcode::Block:
      case Opcode::Loop:
      case Opcode::If: ++skip_depth_; return true;
      case Opcode::End:
        if (skip_depth_ == 0) return false;
        --skip_depth_;
        return true;
      case Opcode::Else: return skip_depth_ > 0;
      default: return true;
    }
  }

  void mark_dead() {
    controls_.back().dead = true;
    skip_depth_ = 0;
  }

  void block_signature(const BlockType& block, std::vector<ValueType>& params, std::vector<ValueType>& results) {
    switch (block.kind) {
      case BlockType::Kind::Empty: break;
      case BlockType::Kind::Value: results.push_back(block.value); break;
      case BlockType::Kind::TypeIndex:
        params = module_.types[block.type_index].params;
        results = module_.types[block.type_index].results;
        break;
    }
  }

  // Stores the top `vars.size()` operands into `vars` (they stay on the stack).
  void store_top(const std::vector<llvm::AllocaInst*>& vars) {
    const size_t base = stack_.size() - vars.size();
    for (size_t i = 0; i < vars.size(); ++i) builder_.CreateStore(stack_[base + i], vars[i]);
  }

  void branch_to(uint32_t depth) {
    Control& target = controls_[controls_.size() - 1 - depth];
    if (target.kind == ControlKind::Function) emit_exit_probe();  // a return
    store_top(target.label_vars);
    if (target.kind == ControlKind::Loop) emit_check_point();  // a back edge
    builder_.CreateBr(target.label_block);
  }

  void begin_block(const Instruction& in) {
    Control block;
    block.kind = in.opcode == Opcode::Loop ? ControlKind::Loop : in.opcode == Opcode::If ? ControlKind::If : ControlKind::Block;
    block_signature(in.block_type, block.params, block.results);
    llvm::Value* condition = block.kind == ControlKind::If ? pop() : nullptr;
    block.height = stack_.size() - block.params.size();
    block.end_block = llvm::BasicBlock::Create(context_, "end", function_);
    block.result_vars = result_vars(block.results);
    switch (block.kind) {
      case ControlKind::Loop: {
        const bool replaceable = stack_.empty();  // as the translator's emit_loop_tier_up decides
        block.label_vars = result_vars(block.params);
        store_top(block.label_vars);
        stack_.resize(block.height);
        block.label_block = new_block("loop");
        builder_.CreateBr(block.label_block);
        builder_.SetInsertPoint(block.label_block);
        if (input_.options.fuel) {
          // Every iteration pays the header's block; an interpreted activation moving here has
          // paid it already (its loop_tier_up follows the consume_fuel), so it enters after.
          begin_fuel_block();
          llvm::BasicBlock* paid = new_block("loop_paid");
          builder_.CreateBr(paid);
          builder_.SetInsertPoint(paid);
        }
        if (replaceable && loop_entries_) loop_entries_->addCase(llvm::ConstantInt::get(llvm::Type::getInt32Ty(context_), instruction_offset_), builder_.GetInsertBlock());
        for (size_t i = 0; i < block.params.size(); ++i)
          stack_.push_back(builder_.CreateLoad(llvm_type(block.params[i]), block.label_vars[i]));
        break;
      }
      case ControlKind::If: {
        block.label_block = block.end_block;
        block.label_vars = block.result_vars;
        block.if_params.assign(stack_.begin() + long(block.height), stack_.end());
        llvm::BasicBlock* then_block = new_block("then");
        block.else_block = new_block("else");
        builder_.CreateCondBr(builder_.CreateICmpNE(condition, constant_u32(0)), then_block, block.else_block);
        builder_.SetInsertPoint(then_block);
        begin_fuel_block();
        break;
      }
      default:
        block.label_block = block.end_block;
        block.label_vars = block.result_vars;
        break;
    }
    controls_.push_back(std::move(block));
  }

  void generate_else() {
    Control& block = controls_.back();
    if (!block.dead) {
      store_top(block.result_vars);
      builder_.CreateBr(block.end_block);
    }
    builder_.SetInsertPoint(block.else_block);
    block.else_block = nullptr;
    block.dead = false;
    stack_.resize(block.height);
    stack_.insert(stack_.end(), block.if_params.begin(), block.if_params.end());
    begin_fuel_block();
  }

  void generate_end() {
    Control& block = controls_.back();
    if (!block.dead) {
      if (block.kind == ControlKind::Function) emit_exit_probe();
      store_top(block.result_vars);
      builder_.CreateBr(block.end_block);
    }
    if (block.else_block) {  // an if without else: its parameters are its results
      builder_.SetInsertPoint(block.else_block);
      for (size_t i = 0; i < block.result_vars.size(); ++i) builder_.CreateStore(block.if_params[i], block.result_vars[i]);
      builder_.CreateBr(block.end_block);
    }
    builder_.SetInsertPoint(block.end_block);
    stack_.resize(block.height);
    if (block.kind == ControlKind::Function) {
      emit_return_block(block);
      controls_.pop_back();
      return;
    }
    for (size_t i = 0; i < block.results.size(); ++i)
      stack_.push_back(builder_.CreateLoad(llvm_type(block.results[i]), block.result_vars[i]));
    controls_.pop_back();
    begin_fuel_block();
  }

  void generate_br_table(const std::vector<uint32_t>& targets) {
    llvm::Value* index = pop();
    // One block per distinct target: it passes the label's values and branches.
    std::map<uint32_t, llvm::BasicBlock*> blocks;
    llvm::BasicBlock* here = builder_.GetInsertBlock();
    for (uint32_t depth : targets) {
      if (blocks.count(depth)) continue;
      llvm::BasicBlock* block = new_block("br_table");
      builder_.SetInsertPoint(block);
      branch_to(depth);
      blocks[depth] = block;
    }
    builder_.SetInsertPoint(here);
    llvm::SwitchInst* dispatch = builder_.CreateSwitch(index, blocks[targets.back()], uint32_t(targets.size() - 1));
    for (uint32_t i = 0; i + 1 < targets.size(); ++i) dispatch->addCase(llvm::ConstantInt::get(llvm::Type::getInt32Ty(context_), i), blocks[targets[i]]);
    mark_dead();
  }

  // --- Calls ---------------------------------------------------------------------------------

  // Passes the arguments in the callee's frame (just above this function's), calls through
  // `make_call`, and takes the results back.
  template <class MakeCall>
  void generate_call(const FuncType& callee, MakeCall&& make_call) {
    std::vector<llvm::Value*> arguments = pop_n(callee.params.size());
    llvm::Value* callee_fp = slot_address(fp_arg_, frame_base_);
    trap_unless_frame_fits(callee_fp, callee);
    store_values(callee_fp, callee.params, arguments);
    return_if_trap(make_call(callee_fp));
    for (llvm::Value* result : load_values(callee_fp, callee.results)) stack_.push_back(result);
    reload_memory();
  }

  // A compiled frame's slots end where its callees' frames begin, and no check covered the
  // callee's: its arguments are written before the helper checks its frame. Up to
  // kCalleeFrameSlack slots they land in the slack past the stack's end; a larger frame is
  // checked here first, and one that does not fit traps "call stack exhausted" at the call, as the
  // interpreter's does (a 64-argument recursion overran the slot stack and corrupted the heap).
  // (Checking every call cost the recursions' copies registers: 4 % more instructions.)
  void trap_unless_frame_fits(llvm::Value* callee_fp, const FuncType& callee) {
    const uint32_t frame = std::max(exec::slot_count(callee.params), exec::slot_count(callee.results));
    if (frame <= exec::kCalleeFrameSlack) return;
    llvm::Value* frame_end = builder_.CreateConstInBoundsGEP1_64(i64_, callee_fp, frame);
    trap_if(builder_.CreateICmpUGT(builder_.CreatePtrToInt(frame_end, i64_),
                                   builder_.CreatePtrToInt(view_field(builder_, ptr_, stack_end_var_), i64_)),
            TrapKind::CallStackExhausted);
  }

  llvm::Value* helper_call(uint32_t index, llvm::Value* callee_fp) {
    sync_depth(builder_);
    return builder_.CreateCall(helper(exec::native_helpers().call, function_type(i8_, {ptr_, i32_, ptr_, ptr_})),
                               {context_arg_, constant_u32(index), callee_fp, site()});
  }

  // Where a direct call of `index` (whose FunctionInstance is `callee`) goes when its checks pass:
  // a copy of the callee made in this module (for a recursive call of a function of its own: its
  // copy, so the recursion runs with its values in registers; in a copy: the copy itself), this
  // very function, or the callee's machine code as its instance has it now (null while it is not
  // compiled).
  struct CallTarget {
    llvm::Value* entry;
    bool always_compiled;
    bool copy;  // a copy (no loop argument), else a function's body (register_signature)
  };
  CallTarget call_target(uint32_t index, llvm::Value* callee) {
    if (index == function_index_ && role_ == CodegenRole::Copy) return {function_, true, true};
    if (input_.copies)
      if (std::optional<CalleeCopies::Copy> copy = input_.copies->copy_of(index)) return {copy->function, true, true};
    if (index == function_index_) return {function_, true, false};  // its instance's code is this
    return instance_call_target(callee);
  }

  // A call of the body of whatever machine code `callee` has now (null while it is interpreted).
  CallTarget instance_call_target(llvm::Value* callee) {
    return {callee_field(callee, offsets().native_body), false, false};
  }

  static const exec::FunctionInstanceOffsets& offsets() { return exec::function_instance_offsets(); }
  llvm::Value* callee_field(llvm::Value* callee, size_t offset, llvm::Type* type = nullptr) {
    return load_runtime(type ? type : ptr_, builder_.CreateConstInBoundsGEP1_64(i8_, callee, offset));
  }

  llvm::Constant* constant_pointer(const void* address) {
    return llvm::ConstantExpr::getIntToPtr(llvm::ConstantInt::get(i64_, reinterpret_cast<uintptr_t>(address)), ptr_);
  }

  // A call of a function of this instance: when it is compiled and the limits allow, straight
  // to its machine code, with no call record (written only when read: exec/native_records.hh);
  // otherwise (interpreted, not translated yet, a limit reached) through the helper, which also
  // raises the trap. Only the helper's path and a NativeEntry callee pass values through slots.
  void generate_direct_call(uint32_t index) {
    const FuncType& callee_type = input_.index_spaces.function_type(index);
    llvm::Value* callee = load_runtime(
        ptr_, builder_.CreateConstInBoundsGEP1_64(ptr_, view_field(builder_, ptr_, functions_var_), index));
    const CallTarget target = call_target(index, callee);
    emit_call(callee_type, target, nullptr, [&](llvm::Value* callee_fp) { return helper_call(index, callee_fp); });
  }

  // call_indirect: the interpreter's checks, in its order, inline; then a call of the element as a
  // direct call makes it when it is a compiled function of this instance, else through the helper
  // (which checks again, and enters a host function, an interpreted one or another instance's).
  void generate_call_indirect(const Instruction& in) {
    const FuncType& callee_type = module_.types[in.index];
    llvm::Value* element = pop();
    llvm::Value* tables = load_view_field(offsetof(exec::NativeView, tables), ptr_);
    llvm::Value* table = load_runtime(ptr_, builder_.CreateConstInBoundsGEP1_64(ptr_, tables, in.second_index));
    llvm::Value* elements = builder_.CreateConstInBoundsGEP1_64(i8_, table, exec::table_elements_offset());
    llvm::Value* begin = load_runtime(ptr_, elements);
    llvm::Value* end = load_runtime(ptr_, builder_.CreateConstInBoundsGEP1_64(ptr_, elements, 1));
    llvm::Value* size = builder_.CreateLShr(builder_.CreateSub(builder_.CreatePtrToInt(end, i64_), builder_.CreatePtrToInt(begin, i64_)),
                                            constant_u64(3));
    static_assert(sizeof(exec::Ref) == 8);
    trap_if(builder_.CreateICmpUGE(builder_.CreateZExt(element, i64_), size), TrapKind::UndefinedElement);
    llvm::Value* callee = load_runtime(ptr_, builder_.CreateInBoundsGEP(i64_, begin, builder_.CreateZExt(element, i64_)));
    trap_if(builder_.CreateICmpEQ(callee, llvm::ConstantPointerNull::get(ptr_)), TrapKind::UninitializedElement);
    llvm::Value* type_ids = load_view_field(offsetof(exec::NativeView, type_ids), ptr_);
    llvm::Value* expected = load_runtime(i32_, builder_.CreateConstInBoundsGEP1_64(i32_, type_ids, in.index));
    trap_if(builder_.CreateICmpNE(callee_field(callee, offsets().type_id, i32_), expected), TrapKind::IndirectCallTypeMismatch);
    llvm::Value* same_instance = builder_.CreateICmpEQ(callee_field(callee, offsets().module), view_field(builder_, ptr_, instance_var_));
    emit_call(callee_type, instance_call_target(callee), same_instance, [&](llvm::Value* callee_fp) {
      sync_depth(builder_);
      return builder_.CreateCall(
          helper(exec::native_helpers().call_indirect, function_type(i8_, {ptr_, i32_, i32_, i32_, ptr_, ptr_})),
          {context_arg_, constant_u32(in.index), constant_u32(in.second_index), element, callee_fp, site()});
    });
  }

  // A call of a function of this instance (if `also_fast`, when not null, holds) at `target`,
  // when the limits allow; else `slow_call(callee_fp)`, with the arguments in the callee's
  // slots, returns its status and leaves the results there.
  template <class SlowCall>
  void emit_call(const FuncType& callee_type, const CallTarget& target, llvm::Value* also_fast, SlowCall&& slow_call) {
    const std::vector<llvm::Value*> arguments = pop_n(callee_type.params.size());
    llvm::Value* callee_fp = slot_address(fp_arg_, frame_base_);
    auto arguments_to_slots = [&] { store_values(callee_fp, callee_type.params, arguments); };
    auto results_from_slots = [&] { return load_values(callee_fp, callee_type.results); };

    llvm::Value* depth = depth_;
    // A compiled callee's frame in slots, as make_native_function sizes it.
    const uint32_t callee_frame = std::max(exec::slot_count(callee_type.params), exec::slot_count(callee_type.results));
    llvm::Value* frame_end = builder_.CreateConstInBoundsGEP1_64(i64_, callee_fp, callee_frame);
    llvm::Value* fast = builder_.CreateAnd(
        {target.always_compiled ? llvm::ConstantInt::getTrue(context_) : builder_.CreateICmpNE(target.entry, llvm::ConstantPointerNull::get(ptr_)),
         builder_.CreateICmpULT(builder_.CreateZExt(depth, i64_), view_field(builder_, i64_, max_depth_var_)),
         builder_.CreateICmpULE(builder_.CreatePtrToInt(frame_end, i64_),
                                builder_.CreatePtrToInt(view_field(builder_, ptr_, stack_end_var_), i64_))});
    if (also_fast) fast = builder_.CreateAnd(fast, also_fast);
    llvm::BasicBlock* direct = new_block("direct_call");
    llvm::BasicBlock* slow = new_block("helper_call");
    llvm::BasicBlock* join = new_block("called");
    builder_.CreateCondBr(fast, direct, slow, llvm::MDBuilder(context_).createBranchWeights(1 << 10, 1));

    builder_.SetInsertPoint(direct);
    llvm::Value* callee_depth = builder_.CreateAdd(depth, llvm::ConstantInt::get(i32_, 1));
    std::vector<llvm::Value*> values{callee_fp, context_arg_, view_, callee_depth};
    if (!target.copy) values.push_back(constant_u32(0));  // a call, not a loop's entry
    values.insert(values.end(), arguments.begin(), arguments.end());
    llvm::Value* returned = builder_.CreateCall(register_signature(callee_type, !target.copy), target.entry, values);
    std::vector<llvm::Value*> direct_results;
    for (size_t i = 0; i < callee_type.results.size(); ++i)
      direct_results.push_back(builder_.CreateExtractValue(returned, {unsigned(1 + i)}));
    return_if_trap(builder_.CreateExtractValue(returned, {0}));  // a trap leaves the records written (and ExecContext::depth as it raised it)
    llvm::BasicBlock* direct_end = builder_.GetInsertBlock();
    builder_.CreateBr(join);

    builder_.SetInsertPoint(slow);
    trap_unless_frame_fits(callee_fp, callee_type);
    arguments_to_slots();
    return_if_trap(slow_call(callee_fp));
    const std::vector<llvm::Value*> slow_results = results_from_slots();
    llvm::BasicBlock* slow_end = builder_.GetInsertBlock();
    builder_.CreateBr(join);

    builder_.SetInsertPoint(join);
    for (size_t i = 0; i < callee_type.results.size(); ++i) {
      llvm::PHINode* result = builder_.CreatePHI(llvm_type(callee_type.results[i]), 2);
      result->addIncoming(direct_results[i], direct_end);
      result->addIncoming(slow_results[i], slow_end);
      stack_.push_back(result);
    }
    reload_memory();
  }

  // A reference, table or bulk memory instruction, run by exec's helper (exec/bulk_ops.hh: the
  // interpreter's own code for it). Operands pass as 64-bit words, i32s zero-extended.
  void generate_through_helper(const Instruction& in) {
    struct Shape {
      uint32_t operands;
      std::optional<ValueType> result;
    };
    Shape shape{3, std::nullopt};  // table.fill/copy/init, memory.fill/copy/init
    switch (in.opcode) {
      case Opcode::RefFunc: shape = {0, ValueType::FuncRef}; break;
      case Opcode::TableGet: shape = {1, ValueType::FuncRef}; break;  // either reference type: 64 bits
      case Opcode::TableSet: shape = {2, std::nullopt}; break;
      case Opcode::TableSize: shape = {0, ValueType::I32}; break;
      case Opcode::TableGrow: shape = {2, ValueType::I32}; break;
      case Opcode::ElemDrop:
      case Opcode::DataDrop: shape = {0, std::nullopt}; break;
      default: break;
    }
    llvm::AllocaInst* operands = entry_alloca(llvm::ArrayType::get(i64_, 3), "operands");
    llvm::AllocaInst* result = entry_alloca(i64_, "result");
    std::vector<llvm::Value*> values = pop_n(shape.operands);
    for (uint32_t i = 0; i < shape.operands; ++i) {
      llvm::Value* value = values[i]->getType() == i32_ ? builder_.CreateZExt(values[i], i64_) : values[i];
      builder_.CreateStore(value, builder_.CreateConstInBoundsGEP1_64(i64_, operands, i));
    }
    sync_depth(builder_);
    llvm::Value* status = builder_.CreateCall(
        helper(exec::native_helpers().instruction, function_type(i8_, {ptr_, ptr_, i32_, i32_, i32_, ptr_, ptr_})),
        {context_arg_, site(), constant_u32(uint32_t(in.opcode)), constant_u32(in.index), constant_u32(in.second_index),
         operands, result});
    return_if_trap(status);
    if (!shape.result) return;
    llvm::Value* value = builder_.CreateLoad(i64_, result);
    stack_.push_back(*shape.result == ValueType::I32 ? builder_.CreateTrunc(value, i32_) : value);
  }

  // --- Memory and globals ------------------------------------------------------------------

  // Whether an access of `bytes` at `offset` is its own bounds check: in a guarded memory, past
  // the memory's size it faults in the guard, and the fault handler raises the trap at the
  // access's site (exec/native_faults.hh), which it must therefore have. Such an access is
  // volatile: LLVM may not delete a load whose value goes unused, nor sink it into the branch
  // that uses it, nor merge or reorder two accesses, since any of these moves or loses a trap
  // (or a store before it). Instructions of lz77's run under valgrind: 127 M with explicit checks,
  // 101 M with volatile loads, 100 M with volatile loads and stores (ARCHITECTURE.md has more).
  bool access_faults(uint32_t offset, uint32_t bytes) const {
    return input_.options.guarded_memory && uint64_t(offset) + bytes <= exec::kFaultingAccessReach;
  }

  // The address of an access of `bytes` at the i32 address `address` plus `offset`, after the
  // bounds check (64-bit arithmetic: nothing wraps), unless the access checks itself (then the
  // caller makes it volatile). The semantics functions' own accesses (SIMD) are always checked.
  llvm::Value* memory_address(llvm::Value* address, uint32_t offset, uint32_t bytes, bool by_fault = false) {
    llvm::Value* start = builder_.CreateAdd(builder_.CreateZExt(address, i64_), constant_u64(offset));
    if (by_fault && access_faults(offset, bytes)) {
      site();
    } else {
      llvm::Value* end = builder_.CreateAdd(start, constant_u64(bytes));
      llvm::Value* size = builder_.CreateLoad(i64_, memory_size_var_);
      trap_if(builder_.CreateICmpUGT(end, size), TrapKind::OutOfBoundsMemoryAccess);
    }
    return builder_.CreateInBoundsGEP(i8_, builder_.CreateLoad(ptr_, memory_base_var_), start);
  }

  void generate_load(const Instruction& in, const OpcodeInfo& info, const ScalarRow& row) {
    llvm::Type* result = llvm_type(info.signature.result);
    llvm::Type* memory_type = llvm::IntegerType::get(context_, row.memory_bytes * 8);
    llvm::LoadInst* value = tagged(
        builder_.CreateLoad(memory_type, memory_address(pop(), in.memarg.offset, row.memory_bytes, true)), memory_tag_);
    value->setAlignment(llvm::Align(1));
    value->setVolatile(access_faults(in.memarg.offset, row.memory_bytes));
    llvm::Type* integer = result->isFloatingPointTy() ? llvm::IntegerType::get(context_, result->getPrimitiveSizeInBits())
                                                       : result;
    llvm::Value* extended = row.memory_signed ? builder_.CreateSExt(value, integer) : builder_.CreateZExt(value, integer);
    stack_.push_back(coerce(extended, result));
  }

  void generate_store(const Instruction& in, const ScalarRow& row) {
    llvm::Value* value = pop();
    if (value->getType()->isFloatingPointTy())
      value = builder_.CreateBitCast(value, llvm::IntegerType::get(context_, value->getType()->getPrimitiveSizeInBits()));
    value = builder_.CreateTrunc(value, llvm::IntegerType::get(context_, row.memory_bytes * 8));
    llvm::StoreInst* store =
        tagged(builder_.CreateStore(value, memory_address(pop(), in.memarg.offset, row.memory_bytes, true)), memory_tag_);
    store->setAlignment(llvm::Align(1));
    store->setVolatile(access_faults(in.memarg.offset, row.memory_bytes));
  }

  llvm::Value* global_value_address(uint32_t index) {
    llvm::Value* globals = view_field(builder_, ptr_, globals_var_);
    llvm::Value* global = load_runtime(ptr_, builder_.CreateConstInBoundsGEP1_64(ptr_, globals, index));
    return builder_.CreateConstInBoundsGEP1_64(i8_, global, offsetof(exec::GlobalInstance, value));
  }

  // --- Scalar operations ---------------------------------------------------------------------

  llvm::Function* semantics_function(const char* symbol) {
    if (llvm::Function* declared = target_.getFunction(symbol)) return declared;
    const llvm::Function* definition = input_.semantics.getFunction(symbol);
    if (definition == nullptr) throw Unsupported{std::string("internal error: no semantics for ") + symbol};
    llvm::Function* declaration =
        llvm::Function::Create(definition->getFunctionType(), llvm::GlobalValue::ExternalLinkage, symbol, target_);
    declaration->setAttributes(definition->getAttributes());
    return declaration;
  }

  // A call of a semantics function with its own attributes; strict, as the function is.
  llvm::CallInst* call_semantics(llvm::Function* function, llvm::ArrayRef<llvm::Value*> arguments) {
    llvm::CallInst* call = builder_.CreateCall(function, arguments);
    call->setAttributes(function->getAttributes());
    call->addFnAttr(llvm::Attribute::StrictFP);
    return call;
  }

  void generate_scalar(const OpcodeInfo& info, const ScalarRow& row) {
    llvm::Function* function = semantics_function(row.symbol);
    llvm::FunctionType* type = function->getFunctionType();
    const bool traps = row.shape == ScalarShape::UnaryTrap || row.shape == ScalarShape::BinaryTrap;
    const size_t operands = row.shape == ScalarShape::Binary || row.shape == ScalarShape::BinaryTrap ? 2 : 1;
    std::vector<llvm::Value*> arguments = pop_n(operands);
    for (size_t i = 0; i < operands; ++i) arguments[i] = coerce(arguments[i], type->getParamType(unsigned(i)));
    llvm::Type* result = llvm_type(info.signature.result);
    if (!traps) {
      stack_.push_back(coerce(call_semantics(function, arguments), result));
      return;
    }
    llvm::AllocaInst* out = entry_alloca(result, "result");
    arguments.push_back(out);
    llvm::CallInst* call = call_semantics(function, arguments);
    raise_if(builder_.CreateICmpNE(call, llvm::ConstantInt::get(i8_, 0)), call);
    stack_.push_back(builder_.CreateLoad(result, out));
  }

  // A vector instruction: its semantics function, each operand in a temporary (which SROA makes
  // a register again once the function is inlined), a memory access at the checked address.
  void generate_vector(const Instruction& in, const VectorRow& row) {
    llvm::Function* function = semantics_function(row.symbol);
    auto operand = [&](llvm::Value* value) {
      llvm::AllocaInst* temporary = entry_alloca(value->getType(), "vector_operand");
      builder_.CreateStore(value, temporary);
      return temporary;
    };
    auto call = [&](std::vector<llvm::Value*> arguments) { call_semantics(function, arguments); };
    llvm::AllocaInst* result = entry_alloca(llvm_type(row.out), "vector_result");
    llvm::Value* lane = constant_u32(in.lane);
    bool produces = true;
    switch (row.shape) {
      case VectorShape::Unary: call({operand(pop()), result}); break;
      case VectorShape::Binary:
      case VectorShape::Shift: {
        llvm::Value* b = pop();
        call({operand(pop()), operand(b), result});
        break;
      }
      case VectorShape::Ternary: {
        llvm::Value* c = pop();
        llvm::Value* b = pop();
        call({operand(pop()), operand(b), operand(c), result});
        break;
      }
      case VectorShape::Extract: call({operand(pop()), lane, result}); break;
      case VectorShape::Replace: {
        llvm::Value* b = pop();
        call({operand(pop()), operand(b), lane, result});
        break;
      }
      case VectorShape::Shuffle: {
        llvm::Value* b = pop();
        llvm::Value* a = pop();
        auto* lanes = new llvm::GlobalVariable(
            target_, llvm::ArrayType::get(i8_, 16), true, llvm::GlobalValue::PrivateLinkage,
            llvm::ConstantDataArray::get(context_, llvm::ArrayRef<uint8_t>(in.bytes16.data(), 16)), "shuffle_lanes");
        call({operand(a), operand(b), lanes, result});
        break;
      }
      case VectorShape::Load: call({memory_address(pop(), in.memarg.offset, row.memory_bytes), result}); break;
      case VectorShape::Store: {
        llvm::Value* value = pop();
        call({memory_address(pop(), in.memarg.offset, row.memory_bytes), operand(value)});
        produces = false;
        break;
      }
      case VectorShape::LoadLane: {
        llvm::Value* vector = pop();
        call({memory_address(pop(), in.memarg.offset, row.memory_bytes), operand(vector), lane, result});
        break;
      }
      case VectorShape::StoreLane: {
        llvm::Value* vector = pop();
        call({memory_address(pop(), in.memarg.offset, row.memory_bytes), operand(vector), lane});
        produces = false;
        break;
      }
      case VectorShape::None: throw Unsupported{"internal error: no vector row"};
    }
    if (produces) stack_.push_back(builder_.CreateLoad(llvm_type(row.out), result));
  }

  // --- One instruction -----------------------------------------------------------------------

  void generate(const Instruction& in, InstructionReader& reader) {
    const OpcodeInfo& info = reader.info();
    switch (in.opcode) {
      case Opcode::Nop: return;
      case Opcode::Unreachable:
        emit_trap(TrapKind::Unreachable);
        mark_dead();
        return;
      case Opcode::Block:
      case Opcode::Loop:
      case Opcode::If: begin_block(in); return;
      case Opcode::Else: generate_else(); return;
      case Opcode::End: generate_end(); return;
      case Opcode::Br:
        branch_to(in.index);
        mark_dead();
        return;
      case Opcode::BrIf: {
        llvm::Value* condition = builder_.CreateICmpNE(pop(), constant_u32(0));
        llvm::BasicBlock* taken = new_block("br_if");
        llvm::BasicBlock* rest = new_block("cont");
        builder_.CreateCondBr(condition, taken, rest);
        builder_.SetInsertPoint(taken);
        branch_to(in.index);
        builder_.SetInsertPoint(rest);
        begin_fuel_block();
        return;
      }
      case Opcode::BrTable: generate_br_table(reader.br_table_targets()); return;
      case Opcode::Return:
        branch_to(uint32_t(controls_.size() - 1));
        mark_dead();
        return;
      case Opcode::Call: {
        if (in.index >= module_.imported_function_count) {
          generate_direct_call(in.index);
          return;
        }
        generate_call(input_.index_spaces.function_type(in.index),
                      [&](llvm::Value* callee_fp) { return helper_call(in.index, callee_fp); });
        return;
      }
      case Opcode::CallIndirect: generate_call_indirect(in); return;
      case Opcode::Drop: pop(); return;
      case Opcode::Select:
      case Opcode::SelectTyped: {
        llvm::Value* condition = builder_.CreateICmpNE(pop(), constant_u32(0));
        llvm::Value* second = pop();
        llvm::Value* first = pop();
        stack_.push_back(builder_.CreateSelect(condition, first, second));
        return;
      }
      case Opcode::LocalGet: stack_.push_back(builder_.CreateLoad(llvm_type(local_types_[in.index]), locals_[in.index])); return;
      case Opcode::LocalSet: builder_.CreateStore(pop(), locals_[in.index]); return;
      case Opcode::LocalTee: builder_.CreateStore(stack_.back(), locals_[in.index]); return;
      case Opcode::GlobalGet: {
        const ValueType type = input_.index_spaces.globals[in.index].type;
        llvm::LoadInst* load = builder_.CreateLoad(llvm_type(type), global_value_address(in.index));
        load->setAlignment(llvm::Align(8));
        stack_.push_back(tagged(load, global_tag_));
        return;
      }
      case Opcode::GlobalSet: {
        llvm::Value* value = pop();
        llvm::Value* address = global_value_address(in.index);
        if (value->getType() == f32_) value = builder_.CreateBitCast(value, i32_);
        if (value->getType() == f64_) value = builder_.CreateBitCast(value, i64_);
        if (value->getType() == i32_) value = builder_.CreateZExt(value, i64_);  // as the interpreter's 8-byte copy
        llvm::StoreInst* store = builder_.CreateStore(value, address);
        store->setAlignment(llvm::Align(8));
        tagged(store, global_tag_);
        return;
      }
      case Opcode::MemorySize: {
        llvm::Value* size = builder_.CreateLoad(i64_, memory_size_var_);
        stack_.push_back(builder_.CreateTrunc(builder_.CreateLShr(size, constant_u64(16)), i32_));
        return;
      }
      case Opcode::MemoryGrow: {
        llvm::Value* delta = pop();
        sync_depth(builder_);
        stack_.push_back(builder_.CreateCall(helper(exec::native_helpers().memory_grow, function_type(i32_, {ptr_, i32_})),
                                             {context_arg_, delta}));
        reload_memory();
        return;
      }
      case Opcode::I32Const: stack_.push_back(constant_u32(uint32_t(in.bits))); return;
      case Opcode::I64Const: stack_.push_back(constant_u64(in.bits)); return;
      case Opcode::F32Const: stack_.push_back(builder_.CreateBitCast(constant_u32(uint32_t(in.bits)), f32_)); return;
      case Opcode::F64Const: stack_.push_back(builder_.CreateBitCast(constant_u64(in.bits), f64_)); return;
      case Opcode::RefFunc:
      case Opcode::TableGet:
      case Opcode::TableSet:
      case Opcode::TableSize:
      case Opcode::TableGrow:
      case Opcode::TableFill:
      case Opcode::TableCopy:
      case Opcode::TableInit:
      case Opcode::ElemDrop:
      case Opcode::MemoryFill:
      case Opcode::MemoryCopy:
      case Opcode::MemoryInit:
      case Opcode::DataDrop: generate_through_helper(in); return;
      case Opcode::RefNull: stack_.push_back(constant_u64(0)); return;
      case Opcode::V128Const: {
        uint64_t halves[2];
        std::memcpy(halves, in.bytes16.data(), 16);  // little-endian, as exec::V128 holds it
        stack_.push_back(llvm::ConstantInt::get(context_, llvm::APInt(128, halves)));
        return;
      }
      case Opcode::RefIsNull:
        stack_.push_back(builder_.CreateZExt(builder_.CreateICmpEQ(pop(), constant_u64(0)), i32_));
        return;
      default: break;
    }
    if (const VectorRow vector = vector_row(in.opcode); vector.shape != VectorShape::None) {
      generate_vector(in, vector);
      return;
    }
    const ScalarRow row = scalar_row(in.opcode);
    switch (row.shape) {
      case ScalarShape::Load: generate_load(in, info, row); return;
      case ScalarShape::Store: generate_store(in, row); return;
      case ScalarShape::None: throw Unsupported{std::string(info.name)};
      default: generate_scalar(info, row); return;
    }
  }

  const CodegenInput& input_;
  const uint32_t function_index_;
  const CodegenRole role_;
  const DecodedModule& module_;
  const FuncType& type_;
  const FunctionBody& body_;
  llvm::Module& target_;
  llvm::LLVMContext& context_;
  llvm::IRBuilder<> builder_;
  llvm::Type *i8_, *i32_, *i64_, *f32_, *f64_, *i128_;
  llvm::PointerType* ptr_;
  const std::string& name_;

  llvm::MDNode *slot_tag_, *memory_tag_, *global_tag_, *depth_tag_, *runtime_tag_;
  llvm::Function* function_ = nullptr;
  llvm::Value* fp_arg_ = nullptr;
  llvm::Value* context_arg_ = nullptr;
  llvm::GlobalVariable* code_words_ = nullptr;
  llvm::Value* view_ = nullptr;  // this function's view: its own, or its caller's
  llvm::AllocaInst *memory_base_var_ = nullptr, *memory_size_var_ = nullptr;
  // The view's fields (view_var): addresses, read at each use.
  llvm::Value *memory_base_address_var_ = nullptr, *memory_size_address_var_ = nullptr;
  llvm::Value *globals_var_ = nullptr, *functions_var_ = nullptr, *instance_var_ = nullptr;
  llvm::Value *epoch_var_ = nullptr, *deadline_var_ = nullptr;
  llvm::Value *depth_var_ = nullptr, *helper_caller_frame_var_ = nullptr, *stack_end_var_ = nullptr;
  llvm::Value* max_depth_var_ = nullptr;
  llvm::Value* depth_ = nullptr;  // this frame's call depth (sync_depth)
  llvm::Value* fuel_var_ = nullptr;
  llvm::GlobalVariable* fuel_placeholder_ = nullptr;  // what a block's cost loads until it is known
  llvm::LoadInst* fuel_cost_value_ = nullptr;         // the open block's cost, a placeholder
  uint64_t fuel_cost_ = 0;
  std::vector<llvm::AllocaInst*> locals_;
  std::vector<ValueType> local_types_;
  std::vector<uint32_t> local_slots_;  // each local's slot, as the interpreter places it
  uint32_t param_slots_ = 0, result_slots_ = 0, frame_base_ = 0;

  std::vector<llvm::Value*> stack_;
  std::vector<Control> controls_;
  llvm::SwitchInst* loop_entries_ = nullptr;  // on-stack replacement: loop offset -> its header
  llvm::BasicBlock* raise_block_ = nullptr;     // raises a trap: site and kind from the phis
  llvm::PHINode *raise_site_ = nullptr, *raise_kind_ = nullptr;
  llvm::BasicBlock* unwind_block_ = nullptr;    // returns a trap a callee or helper returned
  llvm::PHINode* unwind_status_ = nullptr;
  uint32_t skip_depth_ = 0;
  uint32_t instruction_offset_ = 0;
  uint32_t instruction_site_ = kNoSite;
  std::unique_ptr<llvm::DIBuilder> debug_;  // with input_.debug_unit
  llvm::DISubprogram* subprogram_ = nullptr;
  std::vector<uint32_t> site_offsets_;
};

}  // namespace

std::optional<CodegenOutput> generate_function(const CodegenInput& input, uint32_t function_index,
                                               llvm::Module& target, const std::string& name, std::string& why,
                                               CodegenRole role) {
  Generator generator(input, function_index, target, name, role);
  try {
    return generator.run();
  } catch (const Unsupported& unsupported) {
    why = unsupported.why;
  } catch (const WasmError& error) {  // the body was validated: only a broken invariant gets here
    why = "internal error: " + error.error().message;
  }
  return std::nullopt;  // `target` is left half-written: the caller discards it
}

}  // namespace wasmprof::compile
