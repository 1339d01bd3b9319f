#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>

namespace spate {

/// A growable byte buffer whose new bytes are left uninitialised (std::vector would zero them,
/// which costs as much as filling a column). 64-byte aligned for vector loads.
class Buffer {
 public:
  Buffer() = default;
  explicit Buffer(size_t bytes) { resize(bytes); }
  Buffer(const Buffer& other) { assign(other.data_, other.size_); }
  Buffer& operator=(const Buffer& other) {
    if (this != &other) assign(other.data_, other.size_);
    return *this;
  }
  Buffer(Buffer&& other) noexcept { swap(other); }
  Buffer& operator=(Buffer&& other) noexcept {
    swap(other);
    return *this;
  }
  ~Buffer() { std::free(data_); }

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  template <typename T>
  T* as() { return reinterpret_cast<T*>(data_); }
  template <typename T>
  const T* as() const { return reinterpret_cast<const T*>(data_); }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  bool empty() const { return size_ == 0; }

  void reserve(size_t bytes) {
    if (bytes <= capacity_) return;
    size_t newCapacity = capacity_ ? capacity_ * 2 : 64;
    while (newCapacity < bytes) newCapacity *= 2;
    void* p = std::aligned_alloc(64, (newCapacity + 63) / 64 * 64);
    if (!p) throw std::bad_alloc();
    if (size_) std::memcpy(p, data_, size_);
    std::free(data_);
    data_ = static_cast<uint8_t*>(p);
    capacity_ = newCapacity;
  }
  void resize(size_t bytes) {
    reserve(bytes);
    size_ = bytes;
  }
  void resizeZeroed(size_t bytes) {
    size_t old = size_;
    resize(bytes);
    if (bytes > old) std::memset(data_ + old, 0, bytes - old);
  }
  void append(const void* bytes, size_t n) {
    if (size_ + n > capacity_) reserve(size_ + n);
    if (n) std::memcpy(data_ + size_, bytes, n);
    size_ += n;
  }
  template <typename T>
  void push(T value) {
    if (size_ + sizeof(T) > capacity_) reserve(size_ + sizeof(T));
    std::memcpy(data_ + size_, &value, sizeof(T));
    size_ += sizeof(T);
  }
  void clear() { size_ = 0; }
  void swap(Buffer& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
  }

 private:
  void assign(const uint8_t* bytes, size_t n) {
    size_ = 0;
    append(bytes, n);
  }
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace spate
