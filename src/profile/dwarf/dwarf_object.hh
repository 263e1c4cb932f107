// libdwarf's view of a wasm module: the module's `.debug_*` custom sections served through
// libdwarf's object-access interface, as if they were the sections of an object file.
#pragma once

#include <libdwarf/libdwarf.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wasmprof/result.hh"

namespace wasmprof::profile {

struct DwarfSection {
  std::string name;  // ".debug_info", ...
  std::vector<uint8_t> bytes;
};

// An open Dwarf_Debug over copies of the sections. libdwarf keeps pointers to the access
// interface and to the section bytes for as long as it is open, so the session owns both and
// is never moved (it lives behind a unique_ptr).
class DwarfObject {
 public:
  static Result<std::unique_ptr<DwarfObject>> open(std::vector<DwarfSection> sections);
  ~DwarfObject();
  DwarfObject(const DwarfObject&) = delete;
  DwarfObject& operator=(const DwarfObject&) = delete;

  Dwarf_Debug debug() const { return debug_; }

  // The access methods libdwarf calls back, with `object` the DwarfObject.
  static int section_info(void* object, Dwarf_Half index, Dwarf_Obj_Access_Section* out, int* error);
  static Dwarf_Endianness byte_order(void* object);
  static Dwarf_Small length_size(void* object);
  static Dwarf_Small pointer_size(void* object);
  static Dwarf_Unsigned section_count(void* object);
  static int load_section(void* object, Dwarf_Half index, Dwarf_Small** data, int* error);

 private:
  explicit DwarfObject(std::vector<DwarfSection> sections);

  // Index 0 is an empty placeholder: libdwarf follows ELF, whose section 0 is null, and never
  // looks at it.
  std::vector<DwarfSection> sections_;
  Dwarf_Obj_Access_Interface interface_{};
  Dwarf_Debug debug_ = nullptr;
};

// The message of a libdwarf error, which is then released.
std::string take_dwarf_error(Dwarf_Debug debug, Dwarf_Error error);

}  // namespace wasmprof::profile
