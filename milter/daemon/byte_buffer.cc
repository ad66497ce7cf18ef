// byte_buffer.cc - realloc growth by half again (at least 4 KB), shrink on truncate.
#include "daemon/byte_buffer.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>

namespace sa {

ByteBuffer::~ByteBuffer() { std::free(data_); }

void ByteBuffer::append(std::string_view bytes) {
  if (bytes.empty()) return;
  if (bytes.size() > std::numeric_limits<std::size_t>::max() / 2 - size_) throw std::bad_alloc();
  const std::size_t need = size_ + bytes.size();
  if (need > capacity_) {
    const std::size_t grown = std::max({need, capacity_ + capacity_ / 2, std::size_t{4096}});
    auto* p = static_cast<char*>(std::realloc(data_, grown));
    if (p == nullptr) throw std::bad_alloc();
    data_ = p;
    capacity_ = grown;
  }
  std::memcpy(data_ + size_, bytes.data(), bytes.size());
  size_ = need;
}

void ByteBuffer::truncate(std::size_t size) {
  if (size >= size_) return;
  size_ = size;
  if (size == 0) {
    std::free(data_);
    data_ = nullptr;
    capacity_ = 0;
    return;
  }
  if (auto* p = static_cast<char*>(std::realloc(data_, size)); p != nullptr) {
    data_ = p;
    capacity_ = size;
  }
}

}  // namespace sa
