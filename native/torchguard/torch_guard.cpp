// DeepArch torch guard: try/catch around the TorchSharp entry points that let libtorch exceptions escape.
//
// TorchSharp 0.107.0's libLibTorchSharp.so wraps most exports in try/catch and parks the message for
// THSTorch_get_and_reset_last_err(), which the managed side turns into an ExternalException. The functions
// below have no handler (or throw before their handler), so a c10::Error unwinds into .NET frames and the
// process aborts ("terminate called after throwing an instance of 'c10::Error'"). README.md in this folder
// explains how the list was derived and what was left out.
//
// This library exports functions with the same names and C ABI. NativeGuard (src/DeepArch/Runtime) makes
// TorchSharp's DllImport("LibTorchSharp") resolve to this library; it links libLibTorchSharp.so as DT_NEEDED,
// so every export not defined here is still found there through the dependency scope.
//
// Deliberately free of TorchSharp and libtorch headers: parameters are declared by their machine-level kind
// (handles and arrays as pointers, integers at their native width), which is all forwarding needs.

#include <dlfcn.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <type_traits>

#define GUARD_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

// Opaque kinds, named after what TorchSharp passes.
using Tensor = void*;      // at::Tensor*
using Handle = void*;      // module, optimizer, generator, TorchScript type, ... (pointer to a shared_ptr)
using Allocator = void*;   // callback the native side calls to get a managed array for its results
using Int64Array = const int64_t*;

// Pending error of the current thread, owned here until THSTorch_get_and_reset_last_err hands it over.
// malloc'd like TorchSharp's own message (strdup), so a caller may release either with free().
thread_local char* pending_error = nullptr;

void clear_pending_error()
{
    std::free(pending_error);
    pending_error = nullptr;
}

// Keeps the human message: c10::Error::what() appends "Exception raised from <fn> at <file>" and a
// native backtrace, which tell a student nothing and make every message a screen long.
void set_pending_error(const char* what)
{
    std::string_view message = what != nullptr ? what : "";
    if (auto origin = message.find("Exception raised from "); origin != std::string_view::npos)
        message = message.substr(0, origin);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ' || message.back() == '\r'))
        message.remove_suffix(1);
    if (message.empty())
        message = "libtorch raised an exception without a message";

    clear_pending_error();
    pending_error = strndup(message.data(), message.size());
}

// libLibTorchSharp.so is already loaded (it is our DT_NEEDED); RTLD_NOLOAD just returns its handle. Looking
// symbols up through it, rather than RTLD_DEFAULT or our own handle, can never find the wrappers below.
void* original_library()
{
    static void* const handle = dlopen("libLibTorchSharp.so", RTLD_NOW | RTLD_NOLOAD);
    return handle;
}

template <typename Fn>
Fn resolve_original(const char* name)
{
    void* library = original_library();
    return library != nullptr ? reinterpret_cast<Fn>(dlsym(library, name)) : nullptr;
}

// Runs `call` with every exception turned into a pending error and a zero result, like TorchSharp's
// CATCH macros: the managed caller sees null/0 and asks THSTorch_get_and_reset_last_err what happened.
template <typename R, typename Fn, typename Call>
R call_guarded(const char* name, Fn original, Call&& call) noexcept
{
    // An error nobody collected belongs to an earlier call; as TorchSharp's own CATCH does, start clean.
    clear_pending_error();
    try {
        if (original == nullptr) {
            // Only possible against a libLibTorchSharp.so without this export: report, don't crash.
            set_pending_error((std::string("DeepArch torch guard: ") + name + " is missing from libLibTorchSharp.so").c_str());
        } else {
            return call();
        }
    } catch (const std::exception& e) {
        set_pending_error(e.what());
    } catch (...) {
        set_pending_error("libtorch raised a non-standard C++ exception");
    }
    if constexpr (!std::is_void_v<R>)
        return R{};
}

} // namespace

// GUARD(return type, name, (parameters), (arguments)) defines the exported wrapper `name`, which forwards to
// the original `name` in libLibTorchSharp.so (resolved once) inside call_guarded.
#define GUARD(R, NAME, PARAMS, ARGS)                                                   \
    GUARD_EXPORT R NAME PARAMS                                                         \
    {                                                                                  \
        using Fn = R(*) PARAMS;                                                        \
        static const Fn original = resolve_original<Fn>(#NAME);                            \
        return call_guarded<R>(#NAME, original, [&]() -> R { return original ARGS; }); \
    }

// ---- Tensor operations (THSTensor.cpp, THSTensorMath.cpp, THSNN.cpp functional forms) -------------------

// No handler at all.
GUARD(Tensor, THSTensor_matmul, (Tensor left, Tensor right), (left, right))
GUARD(void, THSTensor_cummax, (Tensor tensor, Allocator allocator, int64_t dim), (tensor, allocator, dim))
GUARD(void, THSTensor_cummin, (Tensor tensor, Allocator allocator, int64_t dim), (tensor, allocator, dim))
GUARD(Tensor, THSTensor_alias, (Tensor tensor), (tensor))
GUARD(void, THSTensor_names, (Tensor tensor, Allocator allocator), (tensor, allocator))
GUARD(int, THSTensor_device_type, (Tensor tensor), (tensor))
GUARD(int, THSTensor_device_index, (Tensor tensor), (tensor))

// A handler exists, but something that throws runs before it: var() on the whole tensor (integer dtypes),
// option objects checking array lengths, index slices checking their step.
GUARD(Tensor, THSTensor_var_along_dimensions,
      (Tensor tensor, Int64Array dims, int length, bool unbiased, bool keepdim),
      (tensor, dims, length, unbiased, keepdim))
GUARD(Tensor, THSTensor_index,
      (Tensor tensor, Int64Array starts, Int64Array ends, Int64Array steps, const Tensor* tensors, int length),
      (tensor, starts, ends, steps, tensors, length))
GUARD(void, THSTensor_index_put_,
      (Tensor tensor, Int64Array starts, Int64Array ends, Int64Array steps, const Tensor* tensors, int length,
       Tensor value, bool accumulate),
      (tensor, starts, ends, steps, tensors, length, value, accumulate))
GUARD(void, THSTensor_index_put_scalar_,
      (Tensor tensor, Int64Array starts, Int64Array ends, Int64Array steps, const Tensor* tensors, int length,
       Handle value),
      (tensor, starts, ends, steps, tensors, length, value))
GUARD(Tensor, THSTensor_lp_pool1d,
      (Tensor input, double norm_type, Int64Array kernel, int kernel_length, Int64Array stride, int stride_length,
       bool ceil_mode),
      (input, norm_type, kernel, kernel_length, stride, stride_length, ceil_mode))
GUARD(Tensor, THSTensor_lp_pool2d,
      (Tensor input, double norm_type, Int64Array kernel, int kernel_length, Int64Array stride, int stride_length,
       bool ceil_mode),
      (input, norm_type, kernel, kernel_length, stride, stride_length, ceil_mode))
GUARD(Tensor, THSTensor_fractional_max_pool2d,
      (Tensor input, Int64Array kernel, int kernel_length, Int64Array output_size, int output_size_length,
       const double* output_ratio, int output_ratio_length, Tensor* indices),
      (input, kernel, kernel_length, output_size, output_size_length, output_ratio, output_ratio_length, indices))
GUARD(Tensor, THSTensor_fractional_max_pool3d,
      (Tensor input, Int64Array kernel, int kernel_length, Int64Array output_size, int output_size_length,
       const double* output_ratio, int output_ratio_length, Tensor* indices),
      (input, kernel, kernel_length, output_size, output_size_length, output_ratio, output_ratio_length, indices))
GUARD(Tensor, THSTensor_max_unpool1d,
      (Tensor input, Tensor indices, Int64Array kernel, int kernel_length, Int64Array output_size,
       int output_size_length, Int64Array padding, int padding_length, Int64Array stride, int stride_length),
      (input, indices, kernel, kernel_length, output_size, output_size_length, padding, padding_length, stride,
       stride_length))
GUARD(Tensor, THSTensor_max_unpool2d,
      (Tensor input, Tensor indices, Int64Array kernel, int kernel_length, Int64Array output_size,
       int output_size_length, Int64Array padding, int padding_length, Int64Array stride, int stride_length),
      (input, indices, kernel, kernel_length, output_size, output_size_length, padding, padding_length, stride,
       stride_length))
GUARD(Tensor, THSTensor_max_unpool3d,
      (Tensor input, Tensor indices, Int64Array kernel, int kernel_length, Int64Array output_size,
       int output_size_length, Int64Array padding, int padding_length, Int64Array stride, int stride_length),
      (input, indices, kernel, kernel_length, output_size, output_size_length, padding, padding_length, stride,
       stride_length))

// ---- Scalars, storage, threads, autograd, random generators -------------------------------------------------

// Checked conversions: a value out of the target's range throws ("value cannot be converted to type ...").
GUARD(void, THSTorch_scalar_to_complex32, (Handle scalar, float* real, float* imaginary), (scalar, real, imaginary))
GUARD(void, THSTorch_scalar_to_complex64, (Handle scalar, double* real, double* imaginary), (scalar, real, imaginary))


GUARD(void*, THSStorage_data_ptr, (Tensor tensor), (tensor))
GUARD(size_t, THSStorage_nbytes, (Tensor tensor), (tensor))

GUARD(void, THSTorch_set_num_threads, (int threads), (threads))
GUARD(void, THSTorch_set_num_interop_threads, (int threads), (threads))

GUARD(void, THSAutograd_grad,
      (Tensor* outputs, int64_t output_count, Tensor* inputs, int64_t input_count, Tensor* grad_outputs,
       int64_t grad_output_count, bool retain_graph, bool create_graph, bool allow_unused, Allocator allocator),
      (outputs, output_count, inputs, input_count, grad_outputs, grad_output_count, retain_graph, create_graph,
       allow_unused, allocator))

GUARD(Handle, THSGenerator_manual_seed, (int64_t seed), (seed))
GUARD(void, THSGenerator_set_rng_state, (Handle generator, Tensor state), (generator, state))

// ---- torch.nn modules and optimizers (libtorch-side modules) ------------------------------------------------

GUARD(void, THSNN_Module_to_device, (Handle module, int64_t device_type, int64_t device_index, bool non_blocking),
      (module, device_type, device_index, non_blocking))
GUARD(void, THSNN_Module_to_device_dtype,
      (Handle module, int8_t dtype, int64_t device_type, int64_t device_index, bool non_blocking),
      (module, dtype, device_type, device_index, non_blocking))
GUARD(void, THSNN_Module_to_dtype, (Handle module, int8_t dtype, bool non_blocking), (module, dtype, non_blocking))
GUARD(void, THSNN_Module_zero_grad, (Handle module, bool set_to_none), (module, set_to_none))
GUARD(void, THSNN_Module_get_named_parameters, (Handle module, Allocator tensors, Allocator names),
      (module, tensors, names))
GUARD(void, THSNN_Module_get_named_buffers, (Handle module, Allocator tensors, Allocator names),
      (module, tensors, names))

GUARD(void, THSNN_Optimizer_zero_grad, (Handle optimizer), (optimizer))
GUARD(Handle, THSNN_LBFGS_ctor,
      (const Tensor* parameters, int length, double lr, int64_t max_iter, int64_t max_eval, double tolerance_grad,
       double tolerance_change, int64_t history_size),
      (parameters, length, lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size))
GUARD(void, THSNN_LBFGS_set_lr, (Handle optimizer, double lr), (optimizer, lr))

// ---- TorchScript modules -------------------------------------------------------------------------------------

GUARD(void, THSJIT_Module_to_device, (Handle module, int64_t device_type, int64_t device_index),
      (module, device_type, device_index))
GUARD(void, THSJIT_Module_to_device_dtype, (Handle module, int8_t dtype, int64_t device_type, int64_t device_index),
      (module, dtype, device_type, device_index))
GUARD(void, THSJIT_Module_to_dtype, (Handle module, int8_t dtype), (module, dtype))
GUARD(void, THSJIT_Module_train, (Handle module, bool on), (module, on))
GUARD(void, THSJIT_Module_eval, (Handle module), (module))
GUARD(bool, THSJIT_Module_is_training, (Handle module), (module))
GUARD(void, THSJIT_Module_zero_grad, (Handle module, bool set_to_none), (module, set_to_none))
GUARD(void, THSJIT_Module_named_parameters, (Handle module, Allocator tensors, Allocator names),
      (module, tensors, names))
GUARD(void, THSJIT_Module_named_buffers, (Handle module, Allocator tensors, Allocator names),
      (module, tensors, names))
GUARD(void, THSJIT_Module_named_attributes, (Handle module, bool recurse, Allocator values, Allocator names),
      (module, recurse, values, names))
GUARD(void, THSJIT_Module_named_modules, (Handle module, Allocator modules, Allocator names),
      (module, modules, names))
GUARD(void, THSJIT_Module_named_children, (Handle module, Allocator modules, Allocator names),
      (module, modules, names))
GUARD(int64_t, THSJIT_TensorType_sizes, (Handle type, Allocator allocator), (type, allocator))

// ---- The error channel -----------------------------------------------------------------------------------------

// Replaces TorchSharp's export of the same name (which every CheckForErrors calls): a guard error first, then
// whatever libLibTorchSharp.so itself recorded. Ownership of the returned string passes to the caller.
GUARD_EXPORT const char* THSTorch_get_and_reset_last_err()
{
    if (pending_error != nullptr) {
        char* error = pending_error;
        pending_error = nullptr;
        return error;
    }
    using Fn = const char* (*)();
    static const Fn original = resolve_original<Fn>("THSTorch_get_and_reset_last_err");
    return original != nullptr ? original() : nullptr;
}
