#include "binary/decoder.hh"

#include <limits>

#include "binary/instruction_reader.hh"
#include "binary/name_section.hh"
#include "binary/reader.hh"

namespace wasmprof {
namespace {

enum class SectionId : uint8_t {
  Custom = 0,
  Type = 1,
  Import = 2,
  Function = 3,
  Table = 4,
  Memory = 5,
  Global = 6,
  Export = 7,
  Start = 8,
  Element = 9,
  Code = 10,
  Data = 11,
  DataCount = 12,
  Tag = 13,  // 3.0
};

const char* section_name(SectionId id) {
  switch (id) {
    case SectionId::Custom: return "custom";
    case SectionId::Type: return "type";
    case SectionId::Import: return "import";
    case SectionId::Function: return "function";
    case SectionId::Table: return "table";
    case SectionId::Memory: return "memory";
    case SectionId::Global: return "global";
    case SectionId::Export: return "export";
    case SectionId::Start: return "start";
    case SectionId::Element: return "element";
    case SectionId::Code: return "code";
    case SectionId::Data: return "data";
    case SectionId::DataCount: return "data count";
    case SectionId::Tag: return "tag";
  }
  return "unknown";
}

// Non-custom sections must appear at most once, in this order (the data count section sits
// between element and code although its id is 12, the tag section between memory and global).
int section_rank(SectionId id) {
  switch (id) {
    case SectionId::Tag: return 2 * int(SectionId::Memory) + 1;
    case SectionId::DataCount: return 2 * 10;
    case SectionId::Code: return 2 * 11;
    case SectionId::Data: return 2 * 12;
    default: return 2 * int(id);
  }
}

class ModuleDecoder {
 public:
  ModuleDecoder(DecodedModule& module, const DecodeOptions& options) : module_(module), wasm3_(options.wasm3) {}

  void decode() {
    Reader reader(module_.bytes);
    read_header(reader);
    int last_rank = 0;
    while (!reader.at_end()) {
      const size_t section_start = reader.offset();
      const uint8_t id_byte = reader.u8();
      const uint8_t last_id = uint8_t(wasm3_ ? SectionId::Tag : SectionId::DataCount);
      if (id_byte > last_id) reader.fail_at(section_start, "malformed section id");
      const auto id = static_cast<SectionId>(id_byte);
      const uint32_t size = reader.u32();
      if (size > reader.remaining()) reader.fail("section size out of bounds: length out of bounds");
      current_section_ = section_name(id);
      Reader payload = reader.sub_reader(size);
      payload.set_end_message("unexpected end of section or function");
      if (id != SectionId::Custom) {
        const int rank = section_rank(id);
        if (rank <= last_rank) reader.fail_at(section_start, "unexpected content after last section");
        last_rank = rank;
      }
      if (id == SectionId::Code) module_.code_section_offset = uint32_t(payload.offset());
      read_section(id, payload);
      if (!payload.at_end()) payload.fail("section size mismatch");
    }
    current_section_.clear();
    finish(reader);
  }

  std::string current_section_;

 private:
  void read_header(Reader& reader) {
    static constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6D};
    static constexpr uint8_t kVersion[4] = {0x01, 0x00, 0x00, 0x00};
    if (reader.remaining() < 4) reader.fail("unexpected end: magic header not detected");
    for (uint8_t expected : kMagic)
      if (reader.u8() != expected) reader.fail_at(0, "magic header not detected");
    if (reader.remaining() < 4) reader.fail("unexpected end: unknown binary version");
    for (uint8_t expected : kVersion)
      if (reader.u8() != expected) reader.fail_at(4, "unknown binary version");
  }

  void read_section(SectionId id, Reader& r) {
    switch (id) {
      case SectionId::Custom: return read_custom(r);
      case SectionId::Type: return read_types(r);
      case SectionId::Import: return read_imports(r);
      case SectionId::Function: return read_functions(r);
      case SectionId::Table: return read_tables(r);
      case SectionId::Memory: return read_memories(r);
      case SectionId::Global: return read_globals(r);
      case SectionId::Export: return read_exports(r);
      case SectionId::Start: module_.start = r.u32(); return;
      case SectionId::Element: return read_elements(r);
      case SectionId::DataCount: module_.data_count = r.u32(); return;
      case SectionId::Code: return read_code(r);
      case SectionId::Data: return read_data(r);
      case SectionId::Tag: return read_tags(r);
    }
  }

  // A vector's length; every element takes at least one byte, so a count beyond the remaining
  // bytes can be rejected before anything is allocated for it.
  static uint32_t read_count(Reader& r) {
    const uint32_t count = r.u32();
    if (count > r.remaining()) r.fail_unexpected_end();
    return count;
  }

  // A vector whose elements `read_one` decodes, appended to `out`.
  template <class T, class ReadOne>
  static void read_vector(Reader& r, std::vector<T>& out, ReadOne read_one) {
    const uint32_t count = read_count(r);
    out.reserve(out.size() + count);
    for (uint32_t i = 0; i < count; ++i) out.push_back(read_one(r));
  }

  void read_custom(Reader& r) {
    CustomSection section;
    section.name = r.name();
    section.payload = {uint32_t(r.offset()), uint32_t(r.remaining())};
    r.skip(r.remaining());
    module_.customs.push_back(std::move(section));
  }

  // --- Types: 2.0's function types, or with wasm3 3.0's recursion groups of subtypes.

  void read_types(Reader& r) {
    if (!wasm3_) {
      read_vector(r, module_.types, [this](Reader& r) {
        const size_t at = r.offset();
        if (r.u8() != 0x60) r.fail_at(at, "malformed function type: expected 0x60");
        FuncType type;
        read_vector(r, type.params, read_value_type);
        read_vector(r, type.results, read_value_type);
        add_type_definition(function_definition(type));
        return type;
      });
      return;
    }
    const uint32_t count = read_count(r);
    for (uint32_t i = 0; i < count; ++i) {
      RecursionGroup group{uint32_t(module_.type_definitions.size()), 1, false};
      if (r.peek_u8() == 0x4E) {
        r.u8();
        module_.proposals.add(Feature::Gc);
        group.explicit_rec = true;
        group.count = read_count(r);
        for (uint32_t k = 0; k < group.count; ++k) read_subtype(r);
      } else {
        read_subtype(r);
      }
      module_.recursion_groups.push_back(group);
    }
  }

  static TypeDefinition function_definition(const FuncType& type) {
    TypeDefinition definition;
    for (ValueType param : type.params) definition.params.push_back(storage_type_of(param));
    for (ValueType result : type.results) definition.results.push_back(storage_type_of(result));
    return definition;
  }

  void add_type_definition(TypeDefinition definition) {
    if (!wasm3_) module_.recursion_groups.push_back({uint32_t(module_.type_definitions.size()), 1, false});
    module_.type_definitions.push_back(std::move(definition));
  }

  void read_subtype(Reader& r) {
    TypeDefinition definition;
    const uint8_t form = r.peek_u8();
    if (form == 0x50 || form == 0x4F) {
      r.u8();
      module_.proposals.add(Feature::Gc);
      definition.form = form == 0x50 ? TypeDefinition::Form::Sub : TypeDefinition::Form::SubFinal;
      read_vector(r, definition.supertypes, [](Reader& r) { return r.u32(); });
    }
    const size_t at = r.offset();
    const uint8_t composite = r.u8();
    FuncType function;  // the 2.0 view, when the type is one
    bool of_2_0 = definition.form == TypeDefinition::Form::Plain;
    switch (composite) {
      case 0x60:
        read_vector(r, definition.params, [this](Reader& r) { return value_type(r); });
        read_vector(r, definition.results, [this](Reader& r) { return value_type(r); });
        for (const StorageType& param : definition.params) of_2_0 = of_2_0 && append_2_0(function.params, param);
        for (const StorageType& result : definition.results) of_2_0 = of_2_0 && append_2_0(function.results, result);
        break;
      case 0x5F:
        definition.composite = TypeDefinition::Composite::Struct;
        read_vector(r, definition.fields, [this](Reader& r) { return field_type(r); });
        break;
      case 0x5E:
        definition.composite = TypeDefinition::Composite::Array;
        definition.fields.push_back(field_type(r));
        break;
      default:
        r.fail_at(at, "malformed function type: expected 0x60");
    }
    if (definition.composite != TypeDefinition::Composite::Func) {
      module_.proposals.add(Feature::Gc);
      of_2_0 = false;
    }
    module_.types.push_back(of_2_0 ? function : FuncType{});
    module_.type_definitions.push_back(std::move(definition));
  }

  FieldType field_type(Reader& r) {
    FieldType field;
    field.type = read_storage_type(r, true);
    note_value_type(field.type);
    const size_t at = r.offset();
    const uint8_t mutability = r.u8();
    if (mutability > 1) r.fail_at(at, "malformed mutability");
    field.is_mutable = mutability == 1;
    return field;
  }

  // A value type: 2.0's, or with wasm3 any of 3.0's (its proposal noted).
  StorageType value_type(Reader& r) {
    if (!wasm3_) return storage_type_of(read_value_type(r));
    const StorageType type = read_storage_type(r);
    note_value_type(type);
    return type;
  }

  StorageType reference_type(Reader& r) {
    if (!wasm3_) return storage_type_of(read_reference_type(r));
    const StorageType type = read_reference_type3(r);
    note_value_type(type);
    return type;
  }

  // Which proposal a type beyond 2.0's needs, as the text parser names them.
  void note_value_type(const StorageType& type) {
    if (type.code == 0x69 || type.code == 0x74 || ((type.code == kRef || type.code == kRefNull) &&
                                                   (type.heap == -0x17 || type.heap == -0x0C)))
      module_.proposals.add(Feature::Exceptions);
    else if (type.code == kRef || type.code == kRefNull)
      module_.proposals.add(type.heap >= 0 || type.heap == -16 || type.heap == -17 ? Feature::FunctionReferences
                                                                                     : Feature::Gc);
    else if (type.code < 0x7B && type.code != 0x70 && type.code != 0x6F)
      module_.proposals.add(Feature::Gc);
  }

  // Appends a 3.0 type to a 2.0 list when 2.0 has it; false otherwise.
  static bool append_2_0(std::vector<ValueType>& out, const StorageType& type) {
    if (!is_2_0(type)) return false;
    out.push_back(ValueType(type.code));
    return true;
  }
  static bool is_2_0(const StorageType& type) { return type.code >= 0x7B || type.code == 0x70 || type.code == 0x6F; }

  // --- Limits, tables, memories, globals.

  // Limits: 2.0's flags 0 and 1; 3.0's add bit 2 (64-bit, with u64 bounds). Bit 1 (shared) is
  // the threads proposal's, which 3.0 does not have: malformed.
  WideLimits read_limits(Reader& r) {
    const size_t at = r.offset();
    // The flags are a single byte (not a LEB128): 0x81 0x00 is malformed, not 1.
    const uint8_t flags = r.u8();
    WideLimits limits;
    const uint8_t allowed = wasm3_ ? 5 : 1;
    if (flags > allowed || (flags & ~allowed)) r.fail_at(at, "integer too large: malformed limits flags");
    limits.is64 = flags & 4;
    if (limits.is64) module_.proposals.add(Feature::Memory64);
    limits.min = limits.is64 ? r.u64() : r.u32();
    if (flags & 1) limits.max = limits.is64 ? r.u64() : r.u32();
    return limits;
  }

  // 2.0's limits of the same values (3.0's beyond u32 clipped: such a module is refused anyway).
  static Limits narrow(const WideLimits& wide) {
    Limits limits;
    limits.min = uint32_t(wide.min);
    if (wide.max) limits.max = uint32_t(*wide.max);
    return limits;
  }

  WideTableType read_table_type(Reader& r) {
    WideTableType type;
    type.element = reference_type(r);
    type.limits = read_limits(r);
    return type;
  }

  static TableType narrow(const WideTableType& wide) {
    TableType type;
    type.element = is_2_0(wide.element) ? ValueType(wide.element.code) : ValueType::FuncRef;
    type.limits = narrow(wide.limits);
    return type;
  }

  GlobalType read_global_type(Reader& r, StorageType& wide) {
    GlobalType type;
    wide = value_type(r);
    if (is_2_0(wide)) type.type = ValueType(wide.code);
    const size_t at = r.offset();
    const uint8_t mutability = r.u8();
    if (mutability > 1) r.fail_at(at, "malformed mutability");
    type.is_mutable = mutability == 1;
    return type;
  }

  // A tag's type (3.0): an attribute byte (0, an exception) and a type index.
  uint32_t read_tag_type(Reader& r) {
    const size_t at = r.offset();
    if (r.u8() != 0x00) r.fail_at(at, "malformed tag attribute");
    module_.proposals.add(Feature::Exceptions);
    return r.u32();
  }

  void read_imports(Reader& r) {
    const uint32_t count = read_count(r);
    module_.imports.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      Import import;
      import.module = r.name();
      import.name = r.name();
      const size_t at = r.offset();
      const uint8_t kind = r.u8();
      switch (kind) {
        case 0:
          import.kind = ExternKind::Function;
          import.type_index = r.u32();
          ++module_.imported_function_count;
          break;
        case 1:
          import.kind = ExternKind::Table;
          import.wide_table = read_table_type(r);
          import.table = narrow(import.wide_table);
          ++module_.imported_table_count;
          break;
        case 2:
          import.kind = ExternKind::Memory;
          import.wide_memory = read_limits(r);
          import.memory.limits = narrow(import.wide_memory);
          ++module_.imported_memory_count;
          break;
        case 3:
          import.kind = ExternKind::Global;
          import.global = read_global_type(r, import.wide_global);
          ++module_.imported_global_count;
          break;
        case kTagExternKind:
          if (!wasm3_) r.fail_at(at, "malformed import kind");
          import.is_tag = true;
          import.type_index = read_tag_type(r);
          ++module_.imported_tag_count;
          break;
        default:
          r.fail_at(at, "malformed import kind");
      }
      module_.imports.push_back(std::move(import));
    }
  }

  void read_functions(Reader& r) {
    const uint32_t count = read_count(r);
    module_.function_types.resize(count);
    for (auto& type_index : module_.function_types) type_index = r.u32();
  }

  // A table, or with wasm3 also 3.0's `0x40 0x00 tabletype expr`, a table with an initializer.
  void read_tables(Reader& r) {
    const uint32_t count = read_count(r);
    module_.tables.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      WideTableType type;
      if (wasm3_ && r.peek_u8() == 0x40) {
        r.u8();
        const size_t at = r.offset();
        if (r.u8() != 0x00) r.fail_at(at, "malformed table");
        module_.proposals.add(Feature::FunctionReferences);
        type = read_table_type(r);
        type.init = read_const_expr(r);
      } else {
        type = read_table_type(r);
      }
      module_.tables.push_back(narrow(type));
      module_.wide_tables.push_back(std::move(type));
    }
  }

  void read_memories(Reader& r) {
    const uint32_t count = read_count(r);
    module_.memories.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      module_.wide_memories.push_back(read_limits(r));
      module_.memories.push_back(MemoryType{narrow(module_.wide_memories.back())});
    }
  }

  void read_tags(Reader& r) {
    read_vector(r, module_.tags, [this](Reader& r) { return read_tag_type(r); });
  }

  // An expression up to its `end`. 2.0's decoding takes the first `end` (an expression with a
  // block is the validator's to refuse, as ever); 3.0's, for the printer, the one that closes the
  // expression, as the spec's grammar reads it, so that what is printed is what was read.
  ConstExpr read_const_expr(Reader& r) {
    ConstExpr expr;
    expr.offset = uint32_t(r.offset());
    InstructionReader instructions(r, wasm3_ ? InstructionReader::Mode::Wasm3 : InstructionReader::Mode::Wasm2);
    uint32_t depth = 0;  // blocks open (3.0's decoding only)
    while (true) {
      const Instruction& instruction = instructions.read();
      const Opcode opcode = instruction.opcode;
      if (wasm3_ && (opcode == Opcode::Block || opcode == Opcode::Loop || opcode == Opcode::If ||
                     opcode == Opcode::TryTable)) {
        ++depth;
      } else if (opcode == Opcode::End) {
        if (depth == 0) break;
        --depth;
      }
      if (instructions.info().wasm3) module_.proposals.add(instructions.info().feature);
      expr.instructions.push_back(instruction);
    }
    return expr;
  }

  void read_globals(Reader& r) {
    read_vector(r, module_.globals, [this](Reader& r) {
      GlobalDefinition global;
      global.type = read_global_type(r, global.wide_type);
      global.init = read_const_expr(r);
      return global;
    });
  }

  void read_exports(Reader& r) {
    read_vector(r, module_.exports, [this](Reader& r) {
      Export entry;
      entry.name = r.name();
      const size_t at = r.offset();
      const uint8_t kind = r.u8();
      if (kind > (wasm3_ ? kTagExternKind : 3)) r.fail_at(at, "malformed export kind");
      entry.is_tag = kind == kTagExternKind;
      entry.kind = entry.is_tag ? ExternKind::Function : static_cast<ExternKind>(kind);
      entry.index = r.u32();
      return entry;
    });
  }

  static ConstExpr function_reference(uint32_t function_index, uint32_t offset) {
    ConstExpr expr;
    expr.offset = offset;
    Instruction instruction;
    instruction.opcode = Opcode::RefFunc;
    instruction.index = function_index;
    instruction.offset = offset;
    expr.instructions.push_back(instruction);
    return expr;
  }

  void read_elements(Reader& r) {
    const uint32_t count = read_count(r);
    module_.elements.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      ElementSegment segment;
      segment.position = uint32_t(r.offset());
      const uint32_t flags = r.u32();
      if (flags > 7) r.fail_at(segment.position, "malformed elements segment kind");
      // Bit 0: passive or declarative (else active); bit 1: explicit table index (active) or
      // declarative (not active); bit 2: items are expressions rather than function indices.
      const bool not_active = flags & 1;
      const bool bit1 = flags & 2;
      const bool uses_expressions = flags & 4;
      segment.mode = not_active ? (bit1 ? SegmentMode::Declarative : SegmentMode::Passive) : SegmentMode::Active;
      if (!not_active) {
        if (bit1) segment.table_index = r.u32();
        segment.offset = read_const_expr(r);
      }
      // Flags 0 and 4 imply funcref; the others say the kind or type explicitly.
      if (not_active || bit1) {
        if (uses_expressions) {
          segment.wide_element_type = reference_type(r);
          if (is_2_0(segment.wide_element_type)) segment.element_type = ValueType(segment.wide_element_type.code);
        } else {
          const size_t at = r.offset();
          if (r.u8() != 0x00) r.fail_at(at, "malformed element kind");
          segment.element_type = ValueType::FuncRef;
        }
      }
      const uint32_t item_count = read_count(r);
      segment.items.reserve(item_count);
      for (uint32_t k = 0; k < item_count; ++k) {
        if (uses_expressions) {
          segment.items.push_back(read_const_expr(r));
        } else {
          const uint32_t at = uint32_t(r.offset());
          segment.items.push_back(function_reference(r.u32(), at));
        }
      }
      module_.elements.push_back(std::move(segment));
    }
  }

  void read_code(Reader& r) {
    const uint32_t count = read_count(r);
    code_section_seen_ = true;
    if (count != module_.function_types.size())
      r.fail("function and code section have inconsistent lengths");
    module_.bodies.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      const uint32_t size = r.u32();
      if (size > r.remaining()) r.fail_unexpected_end();
      FunctionBody body;
      body.entry = {uint32_t(r.offset()), size};
      Reader entry = r.sub_reader(size);
      entry.set_end_message("unexpected end of section or function");
      const uint32_t group_count = read_count(entry);
      body.locals.reserve(group_count);
      for (uint32_t g = 0; g < group_count; ++g) {
        LocalGroup group;
        group.count = entry.u32();
        group.wide_type = value_type(entry);
        if (is_2_0(group.wide_type)) group.type = ValueType(group.wide_type.code);
        body.local_count += group.count;
        if (body.local_count > std::numeric_limits<uint32_t>::max()) entry.fail("too many locals");
        body.locals.push_back(group);
      }
      body.code = {uint32_t(entry.offset()), uint32_t(entry.remaining())};
      module_.bodies.push_back(std::move(body));
    }
  }

  void read_data(Reader& r) {
    const uint32_t count = read_count(r);
    if (module_.data_count && *module_.data_count != count)
      r.fail("data count and data section have inconsistent lengths");
    data_section_seen_ = true;
    module_.data.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      DataSegment segment;
      segment.position = uint32_t(r.offset());
      const uint32_t flags = r.u32();
      switch (flags) {
        case 0:
          segment.offset = read_const_expr(r);
          break;
        case 1:
          segment.mode = SegmentMode::Passive;
          break;
        case 2:
          segment.memory_index = r.u32();
          segment.offset = read_const_expr(r);
          break;
        default:
          r.fail_at(segment.position, "malformed data segment kind");
      }
      const uint32_t size = r.u32();
      if (size > r.remaining()) r.fail_unexpected_end();
      segment.init = {uint32_t(r.offset()), size};
      r.skip(size);
      module_.data.push_back(std::move(segment));
    }
  }

  void finish(Reader& r) {
    if (wasm3_ && module_.memory_count() > 1) module_.proposals.add(Feature::MultiMemory);
    if (!code_section_seen_ && !module_.function_types.empty())
      r.fail("function and code section have inconsistent lengths");
    if (!data_section_seen_ && module_.data_count && *module_.data_count != 0)
      r.fail("data count and data section have inconsistent lengths");
    for (const CustomSection& custom : module_.customs) {
      if (custom.name != "name") continue;
      std::string warning = parse_name_section(module_, custom.payload, module_.names);
      if (!warning.empty()) module_.warnings.push_back("name section ignored in part: " + warning);
      break;
    }
  }

  DecodedModule& module_;
  bool wasm3_ = false;
  bool code_section_seen_ = false;
  bool data_section_seen_ = false;
};

}  // namespace

Result<DecodedModule> decode_module(std::span<const uint8_t> bytes, const DecodeOptions& options) {
  DecodedModule module;
  module.bytes.assign(bytes.begin(), bytes.end());
  ModuleDecoder decoder(module, options);
  try {
    decoder.decode();
  } catch (WasmError& failure) {
    Error error = std::move(failure.error());
    if (error.section.empty()) error.section = decoder.current_section_;
    return error;
  }
  return module;
}

}  // namespace wasmprof
