// Reads the line tables and the code scopes of every compilation unit with libdwarf.
#pragma once

#include <vector>

#include "profile/dwarf/dwarf_object.hh"
#include "profile/dwarf/dwarf_tables.hh"
#include "wasmprof/result.hh"

namespace wasmprof::profile {

// An error only when libdwarf cannot open the sections at all; a unit, a DIE or a line table
// that cannot be read is skipped with a warning in DwarfTables::warnings.
Result<DwarfTables> read_dwarf_tables(std::vector<DwarfSection> sections);

}  // namespace wasmprof::profile
