// The preview1 functions, one C++ function each, with the spec's parameters: u32 for every i32
// (pointers, lengths, fds, flags) and u64 for every i64. function_table.cc derives each wasm
// signature from these parameter types.
#pragma once

#include <cstdint>

#include "wasi/wasi.hh"

namespace wasmprof::wasi::calls {

using Ctx = WasiContext&;
using Mem = GuestMemory;

// args_env.cc
Errno args_get(Ctx, Mem, uint32_t argv, uint32_t argv_buf);
Errno args_sizes_get(Ctx, Mem, uint32_t argc_out, uint32_t argv_buf_size_out);
Errno environ_get(Ctx, Mem, uint32_t environ, uint32_t environ_buf);
Errno environ_sizes_get(Ctx, Mem, uint32_t count_out, uint32_t buf_size_out);

// clocks_random.cc
Errno clock_res_get(Ctx, Mem, uint32_t clock_id, uint32_t resolution_out);
Errno clock_time_get(Ctx, Mem, uint32_t clock_id, uint64_t precision, uint32_t time_out);
Errno random_get(Ctx, Mem, uint32_t buf, uint32_t buf_len);
Errno sched_yield(Ctx, Mem);

// fd_io.cc
Errno fd_read(Ctx, Mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nread_out);
Errno fd_write(Ctx, Mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint32_t nwritten_out);
Errno fd_pread(Ctx, Mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset, uint32_t nread_out);
Errno fd_pwrite(Ctx, Mem, uint32_t fd, uint32_t iovs, uint32_t iovs_len, uint64_t offset, uint32_t nwritten_out);
Errno fd_seek(Ctx, Mem, uint32_t fd, uint64_t offset, uint32_t whence, uint32_t newoffset_out);
Errno fd_tell(Ctx, Mem, uint32_t fd, uint32_t offset_out);
Errno fd_close(Ctx, Mem, uint32_t fd);
Errno fd_sync(Ctx, Mem, uint32_t fd);
Errno fd_datasync(Ctx, Mem, uint32_t fd);
Errno fd_advise(Ctx, Mem, uint32_t fd, uint64_t offset, uint64_t len, uint32_t advice);
Errno fd_allocate(Ctx, Mem, uint32_t fd, uint64_t offset, uint64_t len);
Errno fd_renumber(Ctx, Mem, uint32_t fd, uint32_t to);

// fd_stat.cc
Errno fd_fdstat_get(Ctx, Mem, uint32_t fd, uint32_t fdstat_out);
Errno fd_fdstat_set_flags(Ctx, Mem, uint32_t fd, uint32_t flags);
Errno fd_fdstat_set_rights(Ctx, Mem, uint32_t fd, uint64_t rights_base, uint64_t rights_inheriting);
Errno fd_filestat_get(Ctx, Mem, uint32_t fd, uint32_t filestat_out);
Errno fd_filestat_set_size(Ctx, Mem, uint32_t fd, uint64_t size);
Errno fd_filestat_set_times(Ctx, Mem, uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t fst_flags);
Errno fd_prestat_get(Ctx, Mem, uint32_t fd, uint32_t prestat_out);
Errno fd_prestat_dir_name(Ctx, Mem, uint32_t fd, uint32_t path, uint32_t path_len);

// fd_readdir.cc
Errno fd_readdir(Ctx, Mem, uint32_t fd, uint32_t buf, uint32_t buf_len, uint64_t cookie, uint32_t bufused_out);

// path_open.cc
Errno path_open(Ctx, Mem, uint32_t fd, uint32_t dirflags, uint32_t path, uint32_t path_len, uint32_t oflags,
                uint64_t rights_base, uint64_t rights_inheriting, uint32_t fdflags, uint32_t fd_out);

// path_ops.cc
Errno path_create_directory(Ctx, Mem, uint32_t fd, uint32_t path, uint32_t path_len);
Errno path_remove_directory(Ctx, Mem, uint32_t fd, uint32_t path, uint32_t path_len);
Errno path_unlink_file(Ctx, Mem, uint32_t fd, uint32_t path, uint32_t path_len);
Errno path_filestat_get(Ctx, Mem, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
                        uint32_t filestat_out);
Errno path_filestat_set_times(Ctx, Mem, uint32_t fd, uint32_t flags, uint32_t path, uint32_t path_len,
                              uint64_t atim, uint64_t mtim, uint32_t fst_flags);
Errno path_link(Ctx, Mem, uint32_t old_fd, uint32_t old_flags, uint32_t old_path, uint32_t old_path_len,
                uint32_t new_fd, uint32_t new_path, uint32_t new_path_len);
Errno path_symlink(Ctx, Mem, uint32_t old_path, uint32_t old_path_len, uint32_t fd, uint32_t new_path,
                   uint32_t new_path_len);
Errno path_readlink(Ctx, Mem, uint32_t fd, uint32_t path, uint32_t path_len, uint32_t buf, uint32_t buf_len,
                    uint32_t bufused_out);
Errno path_rename(Ctx, Mem, uint32_t fd, uint32_t old_path, uint32_t old_path_len, uint32_t new_fd,
                  uint32_t new_path, uint32_t new_path_len);

// poll.cc
Errno poll_oneoff(Ctx, Mem, uint32_t in, uint32_t out, uint32_t nsubscriptions, uint32_t nevents_out);

// proc_sock.cc (proc_exit is handled by the function table: it ends the run)
Errno proc_raise(Ctx, Mem, uint32_t signal);
Errno sock_accept(Ctx, Mem, uint32_t fd, uint32_t flags, uint32_t fd_out);
Errno sock_recv(Ctx, Mem, uint32_t fd, uint32_t ri_data, uint32_t ri_data_len, uint32_t ri_flags,
                uint32_t ro_datalen_out, uint32_t ro_flags_out);
Errno sock_send(Ctx, Mem, uint32_t fd, uint32_t si_data, uint32_t si_data_len, uint32_t si_flags,
                uint32_t so_datalen_out);
Errno sock_shutdown(Ctx, Mem, uint32_t fd, uint32_t how);

}  // namespace wasmprof::wasi::calls
