// The table of preview1 functions. Each entry's wasm signature comes from its C++ parameter
// types (u32 -> i32, u64 -> i64; every function but proc_exit returns its errno as one i32),
// and its call unpacks the uint64 arguments into those types.
#include <array>
#include <type_traits>
#include <utility>

#include "wasi/calls.hh"
#include "wasi/wasi.hh"

namespace wasmprof::wasi {
namespace {

template <class T>
constexpr ValueType value_type() {
  static_assert(std::is_same_v<T, uint32_t> || std::is_same_v<T, uint64_t>);
  return std::is_same_v<T, uint32_t> ? ValueType::I32 : ValueType::I64;
}

template <class Signature>
struct Lowering;

template <class... Params>
struct Lowering<Errno (*)(WasiContext&, GuestMemory, Params...)> {
  static constexpr size_t arity = sizeof...(Params);
  static std::vector<ValueType> params() { return {value_type<Params>()...}; }

  template <auto function, size_t... I>
  static Errno call(WasiContext& context, GuestMemory memory, const uint64_t* args, std::index_sequence<I...>) {
    // An i32 argument arrives in the low 32 bits; the cast drops whatever is above.
    return function(context, memory, static_cast<Params>(args[I])...);
  }
};

template <auto function>
WasiOutcome call_returning_errno(WasiContext& context, GuestMemory memory, const uint64_t* args, uint64_t* results) {
  using L = Lowering<decltype(function)>;
  const Errno error = L::template call<function>(context, memory, args, std::make_index_sequence<L::arity>{});
  results[0] = static_cast<uint64_t>(error);
  return WasiOutcome{false, static_cast<uint32_t>(error)};
}

template <auto function>
WasiFunction entry(std::string_view name) {
  return WasiFunction{name, Lowering<decltype(function)>::params(), {ValueType::I32}, &call_returning_errno<function>};
}

// proc_exit does not return to the guest: the outcome tells the embedder to end the run.
WasiOutcome proc_exit(WasiContext& context, GuestMemory, const uint64_t* args, uint64_t*) {
  const uint32_t code = static_cast<uint32_t>(args[0]);
  context.set_exit_code(code);
  return WasiOutcome{true, code};
}

std::vector<WasiFunction> make_table() {
  using namespace calls;
  return {
      entry<&args_get>("args_get"),
      entry<&args_sizes_get>("args_sizes_get"),
      entry<&environ_get>("environ_get"),
      entry<&environ_sizes_get>("environ_sizes_get"),
      entry<&clock_res_get>("clock_res_get"),
      entry<&clock_time_get>("clock_time_get"),
      entry<&fd_advise>("fd_advise"),
      entry<&fd_allocate>("fd_allocate"),
      entry<&fd_close>("fd_close"),
      entry<&fd_datasync>("fd_datasync"),
      entry<&fd_fdstat_get>("fd_fdstat_get"),
      entry<&fd_fdstat_set_flags>("fd_fdstat_set_flags"),
      entry<&fd_fdstat_set_rights>("fd_fdstat_set_rights"),
      entry<&fd_filestat_get>("fd_filestat_get"),
      entry<&fd_filestat_set_size>("fd_filestat_set_size"),
      entry<&fd_filestat_set_times>("fd_filestat_set_times"),
      entry<&fd_pread>("fd_pread"),
      entry<&fd_prestat_get>("fd_prestat_get"),
      entry<&fd_prestat_dir_name>("fd_prestat_dir_name"),
      entry<&fd_pwrite>("fd_pwrite"),
      entry<&fd_read>("fd_read"),
      entry<&fd_readdir>("fd_readdir"),
      entry<&fd_renumber>("fd_renumber"),
      entry<&fd_seek>("fd_seek"),
      entry<&fd_sync>("fd_sync"),
      entry<&fd_tell>("fd_tell"),
      entry<&fd_write>("fd_write"),
      entry<&path_create_directory>("path_create_directory"),
      entry<&path_filestat_get>("path_filestat_get"),
      entry<&path_filestat_set_times>("path_filestat_set_times"),
      entry<&path_link>("path_link"),
      entry<&path_open>("path_open"),
      entry<&path_readlink>("path_readlink"),
      entry<&path_remove_directory>("path_remove_directory"),
      entry<&path_rename>("path_rename"),
      entry<&path_symlink>("path_symlink"),
      entry<&path_unlink_file>("path_unlink_file"),
      entry<&poll_oneoff>("poll_oneoff"),
      WasiFunction{"proc_exit", {ValueType::I32}, {}, &proc_exit},
      entry<&proc_raise>("proc_raise"),
      entry<&sched_yield>("sched_yield"),
      entry<&random_get>("random_get"),
      entry<&sock_accept>("sock_accept"),
      entry<&sock_recv>("sock_recv"),
      entry<&sock_send>("sock_send"),
      entry<&sock_shutdown>("sock_shutdown"),
  };
}

}  // namespace

std::span<const WasiFunction> preview1_functions() {
  // Built once and never changed: immutable shared data, not mutable global state.
  static const std::vector<WasiFunction> table = make_table();
  return table;
}

}  // namespace wasmprof::wasi
