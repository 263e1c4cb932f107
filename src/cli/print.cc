#include "cli/print.hh"

#include <fstream>

#include "cli/module_file.hh"
#include "cli/run.hh"
#include "wasmprof/wat.hh"

namespace wasmprof::cli {

int print_command(const PrintCommand& command, std::ostream& out, std::ostream& err) {
  const std::optional<std::vector<uint8_t>> bytes = read_module_file(command.file, err);
  if (!bytes) return kExitError;
  Result<std::string> text = binary_to_wat(*bytes, PrintOptions{.folded = command.folded});
  if (!text) {
    err << "wasmprof: error: " << command.file << ": " << text.error().to_string() << "\n";
    return kExitError;
  }
  if (command.output.empty()) {
    out << text.value();
    return kExitOk;
  }
  std::ofstream file(command.output, std::ios::binary | std::ios::trunc);
  file << text.value();
  file.close();
  if (!file) {
    err << "wasmprof: error: cannot write " << command.output << "\n";
    return kExitError;
  }
  return kExitOk;
}

}  // namespace wasmprof::cli
