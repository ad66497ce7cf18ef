// byte_buffer.h - a growable byte buffer kept with malloc/realloc. A large buffer is its own
// mapping (main.cc fixes glibc's mmap threshold), so growing it moves pages (mremap) instead
// of copying them, and capacity not yet written takes no memory: a message costs about its
// size, not the 1.5-3x of a std::string grown by doubling. No protocol here.
#pragma once

#include <cstddef>
#include <string_view>

namespace sa {

class ByteBuffer {
 public:
  ByteBuffer() = default;
  ~ByteBuffer();
  ByteBuffer(const ByteBuffer&) = delete;
  ByteBuffer& operator=(const ByteBuffer&) = delete;

  // Throws std::bad_alloc when the memory cannot be had (the buffer is unchanged then).
  void append(std::string_view bytes);
  // Keeps the first `size` bytes and gives the rest of the memory back.
  void truncate(std::size_t size);

  std::string_view view() const { return {data_, size_}; }
  std::size_t size() const { return size_; }

 private:
  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace sa
