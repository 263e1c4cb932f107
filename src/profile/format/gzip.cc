#include "profile/format/gzip.hh"

#include <zlib.h>

#include <limits>

namespace wasmprof::profile {

Result<std::string> gzip_compress(std::string_view data) {
  auto failure = [](const char* what) {
    Error error;
    error.kind = ErrorKind::Io;
    error.message = std::string("gzip compression failed: ") + what;
    return error;
  };
  if (data.size() > std::numeric_limits<uInt>::max()) return failure("input too large");
  z_stream stream{};
  // windowBits 15 + 16: a gzip header and trailer rather than a bare zlib stream.
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return failure("cannot initialise zlib");
  std::string out(deflateBound(&stream, uLong(data.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = uInt(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = uInt(out.size());
  const int status = deflate(&stream, Z_FINISH);
  deflateEnd(&stream);
  if (status != Z_STREAM_END) return failure("output did not fit");
  out.resize(stream.total_out);
  return out;
}

}  // namespace wasmprof::profile
