#include "profile/dwarf/dwarf_object.hh"

#include <utility>

namespace wasmprof::profile {
namespace {

// ELF's SHT_PROGBITS: plain data, so libdwarf treats no section as relocations or a group.
constexpr Dwarf_Unsigned kPlainSectionType = 1;

constexpr Dwarf_Obj_Access_Methods kMethods = {
    DwarfObject::section_info, DwarfObject::byte_order,    DwarfObject::length_size,
    DwarfObject::pointer_size, DwarfObject::section_count, DwarfObject::load_section,
    nullptr,  // no relocations: linked wasm DWARF is already resolved
};

DwarfObject& self(void* object) { return *static_cast<DwarfObject*>(object); }

}  // namespace

std::string take_dwarf_error(Dwarf_Debug debug, Dwarf_Error error) {
  if (error == nullptr) return "unknown libdwarf error";
  const char* message = dwarf_errmsg(error);
  std::string text = message != nullptr ? message : "unknown libdwarf error";
  dwarf_dealloc_error(debug, error);
  return text;
}

DwarfObject::DwarfObject(std::vector<DwarfSection> sections) {
  sections_.push_back({});
  for (auto& section : sections) sections_.push_back(std::move(section));
  interface_.object = this;
  interface_.methods = &kMethods;
}

Result<std::unique_ptr<DwarfObject>> DwarfObject::open(std::vector<DwarfSection> sections) {
  std::unique_ptr<DwarfObject> object(new DwarfObject(std::move(sections)));
  Dwarf_Error error = nullptr;
  int status = dwarf_object_init_b(&object->interface_, nullptr, nullptr, DW_GROUPNUMBER_ANY,
                                   &object->debug_, &error);
  if (status == DW_DLV_OK) return object;
  Error result{.kind = ErrorKind::Malformed, .section = "DWARF"};
  result.message = status == DW_DLV_NO_ENTRY
                       ? "the debug sections hold no DWARF libdwarf can read"
                       : "libdwarf cannot open the debug sections: " + take_dwarf_error(nullptr, error);
  object->debug_ = nullptr;
  return result;
}

DwarfObject::~DwarfObject() {
  if (debug_ == nullptr) return;
  Dwarf_Error error = nullptr;
  if (dwarf_object_finish(debug_, &error) == DW_DLV_ERROR) take_dwarf_error(nullptr, error);
}

int DwarfObject::section_info(void* object, Dwarf_Half index, Dwarf_Obj_Access_Section* out, int* error) {
  auto& sections = self(object).sections_;
  if (index >= sections.size()) {
    *error = 0;
    return DW_DLV_NO_ENTRY;
  }
  *out = {};
  out->type = index == 0 ? 0 : kPlainSectionType;
  out->size = sections[index].bytes.size();
  out->name = sections[index].name.c_str();
  return DW_DLV_OK;
}

Dwarf_Endianness DwarfObject::byte_order(void*) { return DW_OBJECT_LSB; }
Dwarf_Small DwarfObject::length_size(void*) { return 4; }
Dwarf_Small DwarfObject::pointer_size(void*) { return 4; }  // wasm32
Dwarf_Unsigned DwarfObject::section_count(void* object) { return self(object).sections_.size(); }

int DwarfObject::load_section(void* object, Dwarf_Half index, Dwarf_Small** data, int* error) {
  auto& sections = self(object).sections_;
  if (index == 0 || index >= sections.size() || sections[index].bytes.empty()) {
    *error = 0;
    return DW_DLV_NO_ENTRY;
  }
  *data = sections[index].bytes.data();
  return DW_DLV_OK;
}

}  // namespace wasmprof::profile
