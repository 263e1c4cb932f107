// Typed host functions and typed calls: the wasm signature is deduced from C++ types.
//   i32 <-> int32_t, uint32_t   i64 <-> int64_t, uint64_t   f32 <-> float   f64 <-> double
//   v128 <-> V128
// A host callable may take `Caller&` first; it returns void, one value, std::tuple<...> for
// several, or Result<...> of those (Result<Ok> for none) to be able to trap.
#pragma once

#include <algorithm>
#include <cstring>
#include <tuple>
#include <type_traits>

#include "wasmprof/extern.hh"

namespace wasmprof {

namespace detail {

template <class T>
struct WasmValue;  // no mapping: not a wasm value type

template <class T, ValueType kType>
struct ScalarValue {
  static constexpr ValueType type = kType;
  static constexpr uint32_t slots = 1;
  static T read(const uint64_t* slot) {
    T value;
    std::memcpy(&value, slot, sizeof(T));
    return value;
  }
  static void write(uint64_t* slot, T value) {
    uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof(T));
    *slot = bits;
  }
};
template <> struct WasmValue<int32_t> : ScalarValue<int32_t, ValueType::I32> {};
template <> struct WasmValue<uint32_t> : ScalarValue<uint32_t, ValueType::I32> {};
template <> struct WasmValue<int64_t> : ScalarValue<int64_t, ValueType::I64> {};
template <> struct WasmValue<uint64_t> : ScalarValue<uint64_t, ValueType::I64> {};
template <> struct WasmValue<float> : ScalarValue<float, ValueType::F32> {};
template <> struct WasmValue<double> : ScalarValue<double, ValueType::F64> {};
template <>
struct WasmValue<V128> {
  static constexpr ValueType type = ValueType::V128;
  static constexpr uint32_t slots = 2;
  static V128 read(const uint64_t* slot) {
    V128 value;
    std::memcpy(value.data(), slot, 16);
    return value;
  }
  static void write(uint64_t* slot, const V128& value) { std::memcpy(slot, value.data(), 16); }
};

// The results a C++ return type stands for.
template <class R>
struct Results {
  using Tuple = std::tuple<R>;
  static Tuple as_tuple(R value) { return Tuple(std::move(value)); }
  using Returned = R;  // what a typed call hands back
  static Returned from_tuple(Tuple tuple) { return std::get<0>(std::move(tuple)); }
};
template <>
struct Results<void> {
  using Tuple = std::tuple<>;
  using Returned = Ok;
  static Returned from_tuple(Tuple) { return Ok{}; }
};
template <class... T>
struct Results<std::tuple<T...>> {
  using Tuple = std::tuple<T...>;
  static Tuple as_tuple(Tuple value) { return value; }
  using Returned = Tuple;
  static Returned from_tuple(Tuple tuple) { return tuple; }
};

template <class R>
struct IsResult : std::false_type {};
template <class T>
struct IsResult<Result<T>> : std::true_type {
  using Value = T;
};

template <class... T>
std::vector<ValueType> value_types(std::tuple<T...>*) {
  return {WasmValue<std::decay_t<T>>::type...};
}
template <class... T>
constexpr uint32_t slot_total(std::tuple<T...>*) {
  return (0u + ... + WasmValue<std::decay_t<T>>::slots);
}

template <class Tuple, size_t... I>
Tuple read_tuple([[maybe_unused]] const uint64_t* slots, std::index_sequence<I...>) {
  [[maybe_unused]] uint32_t offset = 0;  // unused for a function without parameters
  // Braced initialization evaluates left to right, so the offsets advance in order.
  return Tuple{[&] {
    using T = std::tuple_element_t<I, Tuple>;
    const uint64_t* at = slots + offset;
    offset += WasmValue<T>::slots;
    return WasmValue<T>::read(at);
  }()...};
}
template <class Tuple>
Tuple read_tuple(const uint64_t* slots) {
  return read_tuple<Tuple>(slots, std::make_index_sequence<std::tuple_size_v<Tuple>>{});
}
template <class Tuple>
void write_tuple(uint64_t* slots, const Tuple& values) {
  uint32_t offset = 0;
  std::apply(
      [&](const auto&... value) {
        ((WasmValue<std::decay_t<decltype(value)>>::write(slots + offset, value),
          offset += WasmValue<std::decay_t<decltype(value)>>::slots),
         ...);
      },
      values);
}

template <class Signature>
struct CallableTraits;
template <class R, class... A>
struct CallableTraits<R(A...)> {
  using Return = R;
  using Args = std::tuple<A...>;
};
template <class R, class... A>
struct CallableTraits<R (*)(A...)> : CallableTraits<R(A...)> {};
template <class C, class R, class... A>
struct CallableTraits<R (C::*)(A...) const> : CallableTraits<R(A...)> {};
template <class C, class R, class... A>
struct CallableTraits<R (C::*)(A...)> : CallableTraits<R(A...)> {};
template <class F>
struct Callable : CallableTraits<decltype(&F::operator())> {};
template <class R, class... A>
struct Callable<R (*)(A...)> : CallableTraits<R(A...)> {};
template <class R, class... A>
struct Callable<R(A...)> : CallableTraits<R(A...)> {};

template <class Tuple>
struct TakesCaller : std::false_type {
  using WasmArgs = Tuple;
};
template <class First, class... Rest>
  requires std::is_same_v<std::decay_t<First>, Caller>
struct TakesCaller<std::tuple<First, Rest...>> : std::true_type {
  using WasmArgs = std::tuple<std::decay_t<Rest>...>;
};

template <class R>
struct UnwrapResult {
  using Value = R;
};
template <class T>
struct UnwrapResult<Result<T>> {
  using Value = std::conditional_t<std::is_same_v<T, Ok>, void, T>;
};

template <class T>
struct DecayAll;
template <class... T>
struct DecayAll<std::tuple<T...>> {
  using Type = std::tuple<std::decay_t<T>...>;
};

// The wasm type and raw form of a C++ callable.
template <class F>
std::pair<FuncType, RawHostFunction> make_host_function(F callable) {
  using Traits = Callable<std::decay_t<F>>;
  using CallerTraits = TakesCaller<typename Traits::Args>;
  using WasmArgs = typename DecayAll<typename CallerTraits::WasmArgs>::Type;
  using Return = typename Traits::Return;
  using ResultValue = typename UnwrapResult<Return>::Value;
  using ResultTuple = typename Results<ResultValue>::Tuple;

  FuncType type{value_types(static_cast<WasmArgs*>(nullptr)), value_types(static_cast<ResultTuple*>(nullptr))};
  RawHostFunction raw = [callable = std::move(callable)](Caller& caller, uint64_t* slots) mutable -> Result<Ok> {
    WasmArgs args = read_tuple<WasmArgs>(slots);  // all read before any result is written
    auto invoke = [&]() -> decltype(auto) {
      if constexpr (CallerTraits::value)
        return std::apply([&](auto&... arg) -> decltype(auto) { return callable(caller, arg...); }, args);
      else
        return std::apply([&](auto&... arg) -> decltype(auto) { return callable(arg...); }, args);
    };
    if constexpr (IsResult<Return>::value) {
      Return returned = invoke();
      if (!returned) return returned.error();
      if constexpr (!std::is_same_v<ResultValue, void>)
        write_tuple(slots, Results<ResultValue>::as_tuple(std::move(returned).value()));
    } else if constexpr (std::is_same_v<Return, void>) {
      invoke();
    } else {
      write_tuple(slots, Results<Return>::as_tuple(invoke()));
    }
    return Ok{};
  };
  return {std::move(type), std::move(raw)};
}

Error typed_signature_mismatch(const FuncType& expected, const FuncType& found);

}  // namespace detail

template <class R, class... A>
class TypedFunc<R(A...)> {
 public:
  using Returned = typename detail::Results<R>::Returned;

  explicit TypedFunc(Func func) : func_(func) {}

  Result<Returned> call(StoreContext store, A... args) const {
    using ArgTuple = std::tuple<std::decay_t<A>...>;
    using ResultTuple = typename detail::Results<R>::Tuple;
    constexpr uint32_t kSlots = std::max({1u, detail::slot_total(static_cast<ArgTuple*>(nullptr)),
                                          detail::slot_total(static_cast<ResultTuple*>(nullptr))});
    uint64_t slots[kSlots] = {};
    detail::write_tuple(slots, ArgTuple(args...));
    Result<Ok> done = func_.call_unchecked(store, slots);
    if (!done) return done.error();
    return detail::Results<R>::from_tuple(detail::read_tuple<ResultTuple>(slots));
  }

  const Func& func() const { return func_; }

 private:
  Func func_;
};

template <class F>
Func Func::wrap(StoreContext store, F&& callable) {
  auto [type, raw] = detail::make_host_function(std::forward<F>(callable));
  return new_unchecked(store, std::move(type), std::move(raw));
}

template <class Signature>
Result<TypedFunc<Signature>> Func::typed(StoreContext store) const {
  using Traits = detail::CallableTraits<Signature>;
  using Args = typename detail::DecayAll<typename Traits::Args>::Type;
  using ResultTuple = typename detail::Results<typename Traits::Return>::Tuple;
  const FuncType expected{detail::value_types(static_cast<Args*>(nullptr)),
                          detail::value_types(static_cast<ResultTuple*>(nullptr))};
  if (store_ != &store.state()) {
    Error error;
    error.kind = ErrorKind::Usage;
    error.message = "function used with a store it does not belong to";
    return error;
  }
  if (type() != expected) return detail::typed_signature_mismatch(expected, type());
  return TypedFunc<Signature>(*this);
}

template <class Signature>
Result<TypedFunc<Signature>> Instance::get_typed_func(StoreContext store, std::string_view name) const {
  std::optional<Func> func = get_func(store, name);
  if (!func) {
    Error error;
    error.kind = ErrorKind::Usage;
    error.message = "no exported function named \"" + std::string(name) + "\"";
    return error;
  }
  return func->typed<Signature>(store);
}

}  // namespace wasmprof
