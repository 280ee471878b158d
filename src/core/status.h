// status.h - errors as values. Library functions return Status or Result<T>; the message names
// what is wrong and where (op, tensor, file offset, numbers). Exceptions never cross the library
// boundary.
#pragma once

#include <fmt/format.h>

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace octet {

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message), true); }

  bool ok() const { return !failed_; }
  const std::string& message() const { return message_; }

  // Prefixes the message with context ("while reading X: ..."). No-op on success.
  Status with_context(std::string_view context) const {
    if (ok()) return *this;
    return Error(fmt::format("{}: {}", context, message_));
  }

 private:
  Status(std::string message, bool failed) : message_(std::move(message)), failed_(failed) {}
  std::string message_;
  bool failed_ = false;
};

// Formats an error Status: error("tensor {} has {} elements", name, n).
template <typename... Args>
Status error(fmt::format_string<Args...> format, Args&&... args) {
  return Status::Error(fmt::format(format, std::forward<Args>(args)...));
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : value_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(value_).ok() && "Result constructed from an ok Status");
  }

  bool ok() const { return std::holds_alternative<T>(value_); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(value_); }
  const std::string& message() const {
    static const std::string kEmpty;
    return ok() ? kEmpty : std::get<Status>(value_).message();
  }

  T& value() & { return std::get<T>(value_); }
  const T& value() const& { return std::get<T>(value_); }
  T&& value() && { return std::get<T>(std::move(value_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> value_;
};

}  // namespace octet

#define OCTET_CONCAT_INNER_(a, b) a##b
#define OCTET_CONCAT_(a, b) OCTET_CONCAT_INNER_(a, b)

// Returns the Status from the enclosing function when `expr` is an error.
#define OCTET_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::octet::Status octet_status_ = (expr);        \
    if (!octet_status_.ok()) return octet_status_; \
  } while (0)

// `OCTET_ASSIGN_OR_RETURN(auto x, f());` declares x from a Result or returns its error.
#define OCTET_ASSIGN_OR_RETURN(lhs, expr) \
  OCTET_ASSIGN_OR_RETURN_IMPL_(OCTET_CONCAT_(octet_result_, __LINE__), lhs, expr)
#define OCTET_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()
