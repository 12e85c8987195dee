/*
 * The C side of vm/engine.ts: QuickJS runtimes and contexts that evaluate a script to one entry
 * function, call it with a text and a byte string and read back a byte string, and answer one
 * host function that takes a text (and bytes) and returns bytes. Everything crosses through one
 * buffer (ink_buffer).
 *
 * Byte strings: strings of one-byte characters, each a byte (quickjs.patch JS_InkNewByteString).
 * Canonical values (vm/canonical.ts) live in the sandbox and cross its boundary as byte strings,
 * so the host stores, hashes and answers with the bytes it holds, and nothing between is text.
 *
 * Return convention of ink_eval, ink_call and the host_call import: r >= 0 is success, with r
 * bytes in the buffer; r <= -2 is failure, with -r - 2 bytes of message (UTF-8) in the buffer;
 * -1 (host_call only) is undefined.
 *
 * Every context also gets the natives the prelude takes and deletes before any contract code
 * runs (ink_new_context), among them __inkToCanonical and __inkFromCanonical (below, "The
 * canonical form").
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "quickjs.h"

#define IMPORT(name) __attribute__((import_module("env"), import_name(#name)))
/*
 * The sandbox called its host function: the buffer holds the request, text_length bytes of UTF-8
 * and then its bytes, length in all; the reply is written into the buffer.
 */
IMPORT(host_call) extern int host_call(JSContext *ctx, size_t text_length, size_t length);
/* Polled by the engine every ~10,000 steps; nonzero interrupts the running code. */
IMPORT(should_interrupt) extern int should_interrupt(JSRuntime *rt);

#define EXPORT(name) __attribute__((export_name(#name))) name

/*
 * The shared buffer: its address and capacity, at a fixed place in wasm memory (ink_buffer_place)
 * where the host reads them, so it calls ink_buffer only to grow the buffer: a wasm call per
 * crossing costs more than reading two words.
 */
static struct {
  char *data;
  size_t size;
} shared;

/* Where the host reads the shared buffer's address and then its capacity (two 32-bit words). */
void *EXPORT(ink_buffer_place)(void) { return &shared; }

/* The shared buffer, grown to hold at least size bytes. */
char *EXPORT(ink_buffer)(size_t size) {
  if (size > shared.size) {
    free(shared.data);
    shared.size = size < 4096 ? 4096 : size + size / 2;
    shared.data = malloc(shared.size);
    if (!shared.data) shared.size = 0;
  }
  return shared.data;
}

static int text_out(const char *text, size_t length) {
  if (!ink_buffer(length + 1)) return -2;
  memcpy(shared.data, text, length);
  shared.data[length] = 0;
  return (int)length;
}

static int failure(const char *text) { return -2 - text_out(text, strlen(text)); }

static int interrupt_handler(JSRuntime *rt, void *opaque) { return should_interrupt(rt); }

JSRuntime *EXPORT(ink_new_runtime)(size_t max_stack_size, size_t memory_limit) {
  JSRuntime *rt = JS_NewRuntime();
  if (!rt) return NULL;
  JS_SetMaxStackSize(rt, max_stack_size);
  JS_SetMemoryLimit(rt, memory_limit);
  JS_SetInterruptHandler(rt, interrupt_handler, NULL);
  return rt;
}

void EXPORT(ink_free_runtime)(JSRuntime *rt) { JS_FreeRuntime(rt); }

/* Declared in quickjs.patch: byte strings (see the top of this file) and BigInt magnitudes. */
JSValue JS_InkNewByteString(JSContext *ctx, const uint8_t *bytes, size_t length);
int JS_InkByteString(JSContext *ctx, JSValueConst string, JSValue *flat, const uint8_t **bytes, size_t *length);
size_t JS_InkBigIntSize(JSValueConst val);
size_t JS_InkBigIntMagnitude(JSValueConst val, int *negative, uint8_t *out);
JSValue JS_InkNewBigInt(JSContext *ctx, int negative, const uint8_t *magnitude, size_t length);
JSValue **JS_InkCapturedVariable(JSValueConst func, int index);
uint32_t JS_InkStringLength(JSValueConst val);
int JS_InkPlainMembers(JSContext *ctx, JSValueConst obj, int max, JSAtom *atoms, JSValueConst *values);

/* The bytes of a byte string argument, held by *flat: 0 (TypeError thrown) for anything else. */
static int byte_string_argument(JSContext *ctx, JSValueConst value, JSValue *flat, const uint8_t **bytes, size_t *length) {
  int ok = JS_InkByteString(ctx, value, flat, bytes, length);
  if (ok == 0) JS_ThrowTypeError(ctx, "expected a byte string");
  return ok > 0;
}

/*
 * Calls the host: the request is `operation` (a prefix, possibly empty) and text's UTF-8, then
 * bytes. The reply is a byte string, undefined, or the Error the host failed with, thrown.
 */
static JSValue ask_host(JSContext *ctx, const char *operation, JSValueConst text, const uint8_t *bytes, size_t bytes_length) {
  size_t operation_length = strlen(operation), text_length;
  const char *utf8 = JS_ToCStringLen(ctx, &text_length, text);
  if (!utf8) return JS_EXCEPTION;
  size_t request_length = operation_length + text_length;
  char *buffer = ink_buffer(request_length + bytes_length);
  if (buffer) {
    memcpy(buffer, operation, operation_length);
    memcpy(buffer + operation_length, utf8, text_length);
    if (bytes_length) memcpy(buffer + request_length, bytes, bytes_length);
  }
  JS_FreeCString(ctx, utf8);
  if (!buffer) return JS_ThrowOutOfMemory(ctx);
  int reply = host_call(ctx, request_length, request_length + bytes_length);
  if (reply == -1) return JS_UNDEFINED;
  if (reply >= 0) return JS_InkNewByteString(ctx, (const uint8_t *)shared.data, reply);
  JSValue error = JS_NewError(ctx);
  JS_SetPropertyStr(ctx, error, "message", JS_NewStringLen(ctx, shared.data, -reply - 2));
  return JS_Throw(ctx, error);
}

/*
 * The host function: hostCall(text, bytes?), a text (a request: an operation and its argument)
 * and optionally a byte string (canonical bytes). Its reply is a byte string or undefined; a host
 * failure throws an Error with the host's message.
 */
static JSValue host_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  if (argc < 1 || argc > 2 || !JS_IsString(argv[0])) return JS_ThrowTypeError(ctx, "the host function takes a string and a byte string");
  JSValue flat = JS_UNDEFINED;
  const uint8_t *bytes = NULL;
  size_t bytes_length = 0;
  if (argc == 2 && !byte_string_argument(ctx, argv[1], &flat, &bytes, &bytes_length)) return JS_EXCEPTION;
  JSValue reply = ask_host(ctx, "", argv[0], bytes, bytes_length);
  JS_FreeValue(ctx, flat);
  return reply;
}

/* A growable stack of values the freeze walk still has to visit (each owned by the stack). */
typedef struct {
  JSValue *items;
  size_t count, capacity;
} ValueStack;

static int value_stack_push(JSContext *ctx, ValueStack *stack, JSValue value) {
  if (stack->count == stack->capacity) {
    size_t capacity = stack->capacity ? 2 * stack->capacity : 256;
    JSValue *items = js_realloc(ctx, stack->items, capacity * sizeof(JSValue));
    if (!items) {
      JS_FreeValue(ctx, value);
      return -1;
    }
    stack->items = items;
    stack->capacity = capacity;
  }
  stack->items[stack->count++] = value;
  return 0;
}

/* What JS_GetOwnPropertyNames returned (the header declares JS_FreePropertyEnum, this release does not define it). */
static void free_keys(JSContext *ctx, JSPropertyEnum *keys, uint32_t count) {
  for (uint32_t i = 0; i < count; i++) JS_FreeAtom(ctx, keys[i].atom);
  js_free(ctx, keys);
}

/*
 * Visits one object of the freeze walk: unless `done` (a WeakSet) has it, adds it there, freezes it
 * and pushes what it leads to: its prototype, its data properties' values and its accessors.
 */
static int freeze_one(JSContext *ctx, ValueStack *stack, JSValueConst object, JSValueConst done, JSValueConst freeze, JSValueConst has, JSValueConst add) {
  JSValue seen = JS_Call(ctx, has, done, 1, &object);
  if (JS_IsException(seen)) return -1;
  int already = JS_ToBool(ctx, seen);
  JS_FreeValue(ctx, seen);
  if (already) return 0;
  JSValue added = JS_Call(ctx, add, done, 1, &object);
  if (JS_IsException(added)) return -1;
  JS_FreeValue(ctx, added);
  JSPropertyEnum *keys;
  uint32_t key_count;
  if (JS_GetOwnPropertyNames(ctx, &keys, &key_count, object, JS_GPN_STRING_MASK | JS_GPN_SYMBOL_MASK) < 0) return -1;
  int result = 0;
  JSValue frozen = JS_Call(ctx, freeze, JS_UNDEFINED, 1, &object);
  if (JS_IsException(frozen)) result = -1;
  JS_FreeValue(ctx, frozen);
  if (result == 0) result = value_stack_push(ctx, stack, JS_GetPrototype(ctx, object));
  for (uint32_t i = 0; i < key_count && result == 0; i++) {
    JSPropertyDescriptor property;
    int found = JS_GetOwnProperty(ctx, &property, object, keys[i].atom);
    if (found < 0) result = -1;
    if (found <= 0) continue;
    if (property.flags & JS_PROP_GETSET) {
      JS_FreeValue(ctx, property.value);
      result = value_stack_push(ctx, stack, property.getter);
      if (result == 0) result = value_stack_push(ctx, stack, property.setter);
      else JS_FreeValue(ctx, property.setter);
    } else {
      JS_FreeValue(ctx, property.getter);
      JS_FreeValue(ctx, property.setter);
      result = value_stack_push(ctx, stack, property.value);
    }
  }
  free_keys(ctx, keys, key_count);
  return result;
}

/*
 * __inkFreezeAll(roots, done, freeze, has, add): the prelude's deepFreeze, natively. Freezes
 * everything reachable from the roots (an array) through prototypes, property values and
 * accessors that the WeakSet `done` does not hold, and adds it to `done`. Object.freeze and
 * WeakSet.prototype.has and add come from the prelude, taken before any contract code ran. It
 * freezes the intrinsics of every context as it loads: in interpreted JavaScript that was ~60% of
 * a small contract's load.
 */
static JSValue freeze_all(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  if (argc != 5) return JS_ThrowTypeError(ctx, "__inkFreezeAll takes five arguments");
  JSValueConst roots = argv[0], done = argv[1], freeze = argv[2], has = argv[3], add = argv[4];
  int64_t root_count;
  JSValue length = JS_GetPropertyStr(ctx, roots, "length");
  int result = JS_ToInt64(ctx, &root_count, length);
  JS_FreeValue(ctx, length);
  ValueStack stack = { NULL, 0, 0 };
  for (int64_t i = 0; i < root_count && result == 0; i++) {
    JSValue root = JS_GetPropertyUint32(ctx, roots, (uint32_t)i);
    result = JS_IsException(root) ? -1 : value_stack_push(ctx, &stack, root);
  }
  while (stack.count > 0 && result == 0) {
    JSValue object = stack.items[--stack.count];
    if (JS_IsObject(object)) result = freeze_one(ctx, &stack, object, done, freeze, has, add);
    JS_FreeValue(ctx, object);
  }
  while (stack.count > 0) JS_FreeValue(ctx, stack.items[--stack.count]);
  js_free(ctx, stack.items);
  return result == 0 ? JS_UNDEFINED : JS_EXCEPTION;
}

/* What the C side keeps per context (its opaque pointer). */
typedef struct {
  JSValue entry; /* the function the script evaluated to (ink_eval) */
  /*
   * The prototypes the canonical form accepts, as the context made them, compared by identity (they
   * live as long as the context, which holds them). The prelude freezes them, and contracts
   * cannot replace them: Object.prototype and friends are not writable.
   */
  const void *object_proto, *array_proto, *uint8_proto;
  JSAtom length; /* "length" */
  /*
   * The prelude's meters and prices (__inkBindMeters; undefined until bound): closures over its
   * gas and memory counters, its out-of-gas function, the value __inkRead answers for a key the
   * prelude's keyOf would refuse, and the prices the natives charge.
   */
  JSValue gas_meter, memory_meter, out_of_gas, key_refused;
  JSValue **gas, **memory; /* where the meters' variables are (JS_InkCapturedVariable); NULL until bound */
  double encode_per_byte, read_base, read_per_byte, decode_per_byte, write_base, write_per_byte, emit_base, emit_per_byte;
  int max_key_length;
} ContextData;

/* Class ids of plain objects, arrays and Uint8Arrays: the same in every runtime. */
static JSClassID object_class, array_class, uint8_class;

/* The class id of value, and its prototype's address (NULL for null); frees value. */
static JSClassID class_and_proto(JSContext *ctx, JSValue value, const void **proto) {
  JSClassID id = JS_GetClassID(value);
  JSValue p = JS_GetPrototype(ctx, value);
  *proto = JS_IsObject(p) ? JS_VALUE_GET_PTR(p) : NULL;
  JS_FreeValue(ctx, p);
  JS_FreeValue(ctx, value);
  return id;
}

static JSValue to_canonical_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv);

/*
 * ---- Meters ------------------------------------------------------------------------------------
 * The prelude keeps gas and memory left in two variables of its own (vm/prelude.ts: __inkG,
 * __inkM) that instrumented code charges inline. Natives charge the same variables, through the
 * closures the prelude binds (__inkBindMeters), exactly as its code would: subtract, then if the
 * result is negative, its oog() (which throws the call's out-of-gas or out-of-memory).
 */

/* A meter's value (data->gas or data->memory); NaN when the meters are not bound. */
static double meter_value(JSValue **meter) {
  if (!meter) return NAN;
  switch (JS_VALUE_GET_NORM_TAG(**meter)) {
    case JS_TAG_INT: return JS_VALUE_GET_INT(**meter);
    case JS_TAG_FLOAT64: return JS_VALUE_GET_FLOAT64(**meter);
    default: return NAN;
  }
}

static void set_meter(JSContext *ctx, JSValue **meter, double value) {
  if (meter) **meter = JS_NewFloat64(ctx, value); // numbers hold no reference: nothing to free
}

/* The prelude's oog(): always throws; JS_EXCEPTION. */
static JSValue run_out(JSContext *ctx, const ContextData *data) {
  JSValue result = JS_Call(ctx, data->out_of_gas, JS_UNDEFINED, 0, NULL);
  if (JS_IsException(result)) return JS_EXCEPTION;
  JS_FreeValue(ctx, result);
  return JS_ThrowRangeError(ctx, "out of gas");
}

/* if ((__inkG -= gas) < 0) oog(): 0 when it threw. */
static int charge_gas(JSContext *ctx, const ContextData *data, double gas) {
  double left = meter_value(data->gas) - gas;
  set_meter(ctx, data->gas, left);
  if (left < 0) run_out(ctx, data);
  return !(left < 0);
}

/* if ((__inkM -= bytes) < 0) oog(): 0 when it threw. */
static int charge_memory(JSContext *ctx, const ContextData *data, double bytes) {
  double left = meter_value(data->memory) - bytes;
  set_meter(ctx, data->memory, left);
  if (left < 0) run_out(ctx, data);
  return !(left < 0);
}

/* if ((__inkG -= gas) < 0 || (__inkM -= bytes) < 0) oog(): 0 when it threw. */
static int charge_gas_and_memory(JSContext *ctx, const ContextData *data, double gas, double bytes) {
  return charge_gas(ctx, data, gas) && charge_memory(ctx, data, bytes);
}

static JSValue from_canonical_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv);
static JSValue writes_and_events_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv);
static JSValue bind_meters_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv);
static JSValue read_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv);
static JSValue write_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv);
static JSValue emit_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv);

/* string.split for a one-character separator (quickjs.patch). */
JSValue JS_InkSplit(JSContext *ctx, JSValueConst string, uint16_t separator);
/* Whether a string can be a storage key as it is (quickjs.patch). */
int JS_InkIsKey(JSContext *ctx, JSValueConst string, int max_length);

/* __inkSplit(string): string.split('\u001f'), the dispatcher's call header in its fields. */
static JSValue split_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  if (argc != 1 || !JS_IsString(argv[0])) return JS_ThrowTypeError(ctx, "__inkSplit(string)");
  return JS_InkSplit(ctx, argv[0], 0x1f);
}

/*
 * __inkIsKey(string, maxLength): true when the string can be a storage key as it is (1 to
 * maxLength code units, no U+0000, no lone surrogate). The prelude's keyOf runs only on false,
 * for its error.
 */
static JSValue is_key_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  if (argc != 2 || !JS_IsString(argv[0]) || JS_VALUE_GET_TAG(argv[1]) != JS_TAG_INT) return JS_ThrowTypeError(ctx, "__inkIsKey(string, maxLength)");
  int ok = JS_InkIsKey(ctx, argv[0], JS_VALUE_GET_INT(argv[1]));
  return ok < 0 ? JS_EXCEPTION : JS_NewBool(ctx, ok);
}

/*
 * A context with the standard intrinsics, globalThis[host_name] (the host function), and the
 * natives the prelude takes and deletes before contract code runs: __inkFreezeAll,
 * __inkToCanonical, __inkFromCanonical, __inkSplit, __inkIsKey, __inkWritesAndEvents,
 * __inkBindMeters, __inkRead, __inkWrite, __inkEmit.
 */
JSContext *EXPORT(ink_new_context)(JSRuntime *rt, const char *host_name) {
  JSContext *ctx = JS_NewContext(rt);
  if (!ctx) return NULL;
  ContextData *data = malloc(sizeof(ContextData));
  if (!data) { JS_FreeContext(ctx); return NULL; }
  data->entry = JS_UNDEFINED;
  data->gas_meter = data->memory_meter = data->out_of_gas = data->key_refused = JS_UNDEFINED;
  data->gas = data->memory = NULL;
  data->length = JS_NewAtom(ctx, "length");
  object_class = class_and_proto(ctx, JS_NewObject(ctx), &data->object_proto);
  array_class = class_and_proto(ctx, JS_NewArray(ctx), &data->array_proto);
  uint8_class = class_and_proto(ctx, JS_NewTypedArray(ctx, 0, NULL, JS_TYPED_ARRAY_UINT8), &data->uint8_proto);
  JS_SetContextOpaque(ctx, data);
  JSValue global = JS_GetGlobalObject(ctx);
  JS_SetPropertyStr(ctx, global, host_name, JS_NewCFunction(ctx, host_function, host_name, 1));
  JS_SetPropertyStr(ctx, global, "__inkFreezeAll", JS_NewCFunction(ctx, freeze_all, "__inkFreezeAll", 5));
  JS_SetPropertyStr(ctx, global, "__inkToCanonical", JS_NewCFunction(ctx, to_canonical_function, "__inkToCanonical", 2));
  JS_SetPropertyStr(ctx, global, "__inkFromCanonical", JS_NewCFunction(ctx, from_canonical_function, "__inkFromCanonical", 1));
  JS_SetPropertyStr(ctx, global, "__inkSplit", JS_NewCFunction(ctx, split_function, "__inkSplit", 1));
  JS_SetPropertyStr(ctx, global, "__inkIsKey", JS_NewCFunction(ctx, is_key_function, "__inkIsKey", 2));
  JS_SetPropertyStr(ctx, global, "__inkWritesAndEvents", JS_NewCFunction(ctx, writes_and_events_function, "__inkWritesAndEvents", 3));
  JS_SetPropertyStr(ctx, global, "__inkBindMeters", JS_NewCFunction(ctx, bind_meters_function, "__inkBindMeters", 5));
  JS_SetPropertyStr(ctx, global, "__inkRead", JS_NewCFunction(ctx, read_function, "__inkRead", 3));
  JS_SetPropertyStr(ctx, global, "__inkWrite", JS_NewCFunction(ctx, write_function, "__inkWrite", 4));
  JS_SetPropertyStr(ctx, global, "__inkEmit", JS_NewCFunction(ctx, emit_function, "__inkEmit", 4));
  JS_FreeValue(ctx, global);
  return ctx;
}

void EXPORT(ink_free_context)(JSContext *ctx) {
  ContextData *data = JS_GetContextOpaque(ctx);
  JS_FreeValue(ctx, data->entry);
  JS_FreeValue(ctx, data->gas_meter);
  JS_FreeValue(ctx, data->memory_meter);
  JS_FreeValue(ctx, data->out_of_gas);
  JS_FreeValue(ctx, data->key_refused);
  JS_FreeAtom(ctx, data->length);
  free(data);
  JS_FreeContext(ctx);
}

/* The message of the pending exception: its `message` property when that is a string. */
static int describe_exception(JSContext *ctx) {
  JSValue exception = JS_GetException(ctx);
  int result = failure("uncaught exception");
  if (JS_IsObject(exception)) {
    JSValue message = JS_GetPropertyStr(ctx, exception, "message");
    if (JS_IsException(message)) JS_FreeValue(ctx, JS_GetException(ctx));
    else if (JS_IsString(message)) {
      size_t length;
      const char *text = JS_ToCStringLen(ctx, &length, message);
      if (text) { result = -2 - text_out(text, length); JS_FreeCString(ctx, text); }
      else JS_FreeValue(ctx, JS_GetException(ctx));
    }
    JS_FreeValue(ctx, message);
  }
  JS_FreeValue(ctx, exception);
  return result;
}

/* Makes `value` (a script's completion value, taken over) the context's entry point: it must be a function. */
static int set_entry(JSContext *ctx, JSValue value) {
  if (JS_IsException(value)) return describe_exception(ctx);
  if (!JS_IsFunction(ctx, value)) {
    JS_FreeValue(ctx, value);
    return failure("the script did not evaluate to a function");
  }
  ContextData *data = JS_GetContextOpaque(ctx);
  JS_FreeValue(ctx, data->entry);
  data->entry = value;
  return 0;
}

/*
 * Compiles and runs a global script; its value, a function, becomes the entry point. The buffer
 * holds the source (source_length bytes), a NUL, the file name and a NUL. The script takes the
 * buffer over while it runs: its initialisation may call the host, whose replies need a buffer of
 * their own. On success the buffer holds the script's bytecode (ink_eval_bytecode loads it without
 * compiling), and the result is its length.
 */
int EXPORT(ink_eval)(JSContext *ctx, size_t source_length) {
  char *source = shared.data;
  shared.data = NULL;
  shared.size = 0;
  JSValue compiled = JS_Eval(ctx, source, source_length, source + source_length + 1, JS_EVAL_TYPE_GLOBAL | JS_EVAL_FLAG_COMPILE_ONLY);
  free(source);
  if (JS_IsException(compiled)) return describe_exception(ctx);
  size_t bytecode_length;
  uint8_t *bytecode = JS_WriteObject(ctx, &bytecode_length, compiled, JS_WRITE_OBJ_BYTECODE);
  int result = set_entry(ctx, JS_EvalFunction(ctx, compiled));
  if (result == 0) result = bytecode ? text_out((const char *)bytecode, bytecode_length) : failure("the engine could not write the bytecode");
  js_free(ctx, bytecode);
  return result;
}

/* Runs bytecode ink_eval wrote (in the buffer, `length` bytes), as ink_eval runs its script. */
int EXPORT(ink_eval_bytecode)(JSContext *ctx, size_t length) {
  char *bytecode = shared.data;
  shared.data = NULL;
  shared.size = 0;
  JSValue compiled = JS_ReadObject(ctx, (const uint8_t *)bytecode, length, JS_READ_OBJ_BYTECODE);
  free(bytecode);
  if (JS_IsException(compiled)) return describe_exception(ctx);
  return set_entry(ctx, JS_EvalFunction(ctx, compiled));
}

static int write_parts(JSContext *ctx, JSValueConst result);

/*
 * Calls the entry point with a text, a byte string and a number (this undefined): the buffer
 * holds text_length bytes of UTF-8, a NUL, then bytes_length bytes. Its result, a byte string or
 * a list of parts (write_parts), goes to the buffer as bytes.
 */
int EXPORT(ink_call)(JSContext *ctx, size_t text_length, size_t bytes_length, double number) {
  ContextData *data = JS_GetContextOpaque(ctx);
  JSValue args[3] = {
    JS_NewStringLen(ctx, shared.data, text_length),
    JS_InkNewByteString(ctx, (const uint8_t *)shared.data + text_length + 1, bytes_length),
    JS_NewFloat64(ctx, number),
  };
  JSValue result = JS_IsException(args[0]) || JS_IsException(args[1]) ? JS_EXCEPTION : JS_Call(ctx, data->entry, JS_UNDEFINED, 3, args);
  JS_FreeValue(ctx, args[0]);
  JS_FreeValue(ctx, args[1]);
  if (JS_IsException(result)) return describe_exception(ctx);
  if (JS_GetClassID(result) == array_class) {
    int written = write_parts(ctx, result);
    JS_FreeValue(ctx, result);
    return written;
  }
  JSValue flat;
  const uint8_t *bytes;
  size_t out_length;
  int ok = JS_InkByteString(ctx, result, &flat, &bytes, &out_length);
  JS_FreeValue(ctx, result);
  if (ok < 0) return describe_exception(ctx);
  if (ok == 0) return failure("the entry point did not return a byte string");
  int written = text_out((const char *)bytes, out_length);
  JS_FreeValue(ctx, flat);
  return written;
}

/*
 * ---- The canonical form -------------------------------------------------------------------------
 * __inkToCanonical(value, charged) writes value's canonical bytes (vm/canonical.ts: the same bytes
 * `encode` gives) and returns them as a byte string. Charged (true), it takes its gas from the
 * prelude's gas meter (see "Meters" below): 1 a value, and ceil(n * perByte) + 1 more for a
 * Uint8Array of n bytes, as the prelude's own walk (vm/prelude.ts, plainCopy) charges; not
 * charged (false: a copy the prelude made, its gas charged already), it has no gas bound.
 *
 * It handles what contracts hand the bridge: strings, numbers, bigints, booleans, null, plain
 * objects and arrays of data properties, Uint8Arrays. For anything else it returns undefined:
 * a getter (contract code: C never runs it), an error case (the prelude's messages and the gas
 * charged before them stay the prelude's), an unusual object, more gas than is left (the
 * prelude's walk runs out at the exact value it would have), or more than MAX_ENCODED bytes.
 * Nothing has happened by then, so the prelude runs its walk from the start.
 */

/* The bytes being written, reused from call to call (no code runs while they are written). */
typedef struct { uint8_t *bytes; size_t length, capacity; } Bytes;
static Bytes out;

/* A walk in progress. */
typedef struct {
  JSContext *ctx;
  const ContextData *data;
  double gas_left, gas_used, per_byte;
} Walk;

/* vm/canonical.ts MAX_DEPTH: the value itself is at depth 0. */
#define MAX_DEPTH 64
/*
 * The most bytes the native walk writes. Its buffer is plain malloc, outside QuickJS's
 * accounting, and a value can hold one long string many times over; a larger value fails to
 * encode (the prelude says so), whatever gas it had.
 */
#define MAX_ENCODED (16 << 20)

enum { TAG_NULL, TAG_FALSE, TAG_TRUE, TAG_NUMBER, TAG_BIGINT, TAG_STRING, TAG_BYTES, TAG_ARRAY, TAG_OBJECT };

/* Appends length bytes; 0 past MAX_ENCODED or when memory runs out. */
static int append(const void *bytes, size_t length) {
  if (length > MAX_ENCODED - out.length) return 0;
  if (out.length + length > out.capacity) {
    size_t capacity = out.capacity < 256 ? 256 : out.capacity;
    while (capacity < out.length + length) capacity *= 2;
    uint8_t *grown = realloc(out.bytes, capacity);
    if (!grown) return 0;
    out.bytes = grown;
    out.capacity = capacity;
  }
  memcpy(out.bytes + out.length, bytes, length);
  out.length += length;
  return 1;
}

static int append_byte(uint8_t byte) { return append(&byte, 1); }

/* Unsigned LEB128, minimal. */
static int append_uvarint(size_t n) {
  uint8_t bytes[10];
  size_t length = 0;
  do {
    bytes[length] = n & 0x7f;
    n >>= 7;
    if (n) bytes[length] |= 0x80;
    length++;
  } while (n);
  return append(bytes, length);
}

/* Charges gas to the walk; 0 when the walk would take more than is left. */
static int charge(Walk *w, double gas) {
  w->gas_used += gas;
  return w->gas_used <= w->gas_left;
}

/* Falls back after a failed engine call: the exception is dropped, the prelude's walk meets it again. */
static int drop_exception(JSContext *ctx) {
  JS_FreeValue(ctx, JS_GetException(ctx));
  return 0;
}

/* QuickJS writes a lone surrogate as the 3-byte sequence of its code unit (ED A0–BF xx): not UTF-8. */
static int has_lone_surrogate(const unsigned char *utf8, size_t length) {
  for (size_t i = 0; i + 1 < length; i++) if (utf8[i] == 0xed && utf8[i + 1] >= 0xa0) return 1;
  return 0;
}

/* A string: its UTF-8 bytes; 0 for a lone surrogate (the prelude refuses it with its message). */
static int append_string(Walk *w, JSValueConst string) {
  size_t length;
  const char *utf8 = JS_ToCStringLen(w->ctx, &length, string);
  if (!utf8) return drop_exception(w->ctx);
  int ok = !has_lone_surrogate((const unsigned char *)utf8, length) && append_byte(TAG_STRING) && append_uvarint(length) && append(utf8, length);
  JS_FreeCString(w->ctx, utf8);
  return ok;
}

/* A finite number as float64 big-endian (-0 as 0); NaN and ±Infinity are the prelude's error. */
static int append_number(JSValueConst number) {
  double d = JS_VALUE_GET_TAG(number) == JS_TAG_INT ? JS_VALUE_GET_INT(number) : JS_VALUE_GET_FLOAT64(number);
  if (!isfinite(d)) return 0;
  if (d == 0) d = 0;
  uint64_t bits;
  memcpy(&bits, &d, sizeof bits);
  uint8_t bytes[9] = { TAG_NUMBER };
  for (int i = 0; i < 8; i++) bytes[1 + i] = (uint8_t)(bits >> (56 - 8 * i));
  return append(bytes, sizeof bytes);
}

/* A BigInt: sign byte, then its magnitude's length and bytes (quickjs.patch JS_InkBigIntMagnitude). */
static int append_bigint(JSValueConst bigint) {
  uint8_t small[sizeof(int64_t)];
  size_t room = JS_InkBigIntSize(bigint);
  uint8_t *magnitude = room <= sizeof small ? small : malloc(room);
  if (!magnitude) return 0;
  int negative;
  size_t length = JS_InkBigIntMagnitude(bigint, &negative, magnitude);
  int ok = append_byte(TAG_BIGINT) && append_byte(negative) && append_uvarint(length) && append(magnitude, length);
  if (magnitude != small) free(magnitude);
  return ok;
}

/* The value of an own data property; 0 (nothing to free) when it is missing or an accessor. */
static int own_data_property(Walk *w, JSValueConst object, JSAtom key, JSValue *value) {
  JSPropertyDescriptor d;
  int found = JS_GetOwnProperty(w->ctx, &d, object, key);
  if (found < 0) return drop_exception(w->ctx);
  if (!found) return 0;
  if (d.flags & JS_PROP_GETSET) {
    JS_FreeValue(w->ctx, d.getter);
    JS_FreeValue(w->ctx, d.setter);
    return 0;
  }
  *value = d.value;
  return 1;
}

static int append_value(Walk *w, JSValueConst value, int depth);

/* Array elements, read like the prelude: 0 to length - 1, a hole being its error. */
static int append_elements(Walk *w, JSValueConst array, int depth) {
  JSValue length = JS_GetProperty(w->ctx, array, w->data->length);
  if (JS_VALUE_GET_TAG(length) != JS_TAG_INT) { JS_FreeValue(w->ctx, length); return 0; } // 2^31 or more: holes
  int n = JS_VALUE_GET_INT(length);
  if (!append_byte(TAG_ARRAY) || !append_uvarint(n)) return 0;
  for (int i = 0; i < n; i++) {
    JSValue item;
    JSAtom index = JS_NewAtomUInt32(w->ctx, i);
    int found = own_data_property(w, array, index, &item);
    JS_FreeAtom(w->ctx, index);
    if (!found) return 0;
    int ok = append_value(w, item, depth + 1);
    JS_FreeValue(w->ctx, item);
    if (!ok) return 0;
  }
  return 1;
}

/* An object key: its atom and UTF-8 bytes (NULL when not yet read), and where its value is. */
typedef struct {
  JSAtom atom;
  const char *utf8;
  size_t length;
  int index;
} Key;

/* Canonical key order: ascending by UTF-8 bytes, a prefix first. */
static int compare_keys(const void *a, const void *b) {
  const Key *x = a, *y = b;
  int c = memcmp(x->utf8, y->utf8, x->length < y->length ? x->length : y->length);
  return c ? c : (x->length > y->length) - (x->length < y->length);
}

/* Reads a key's UTF-8 bytes; 0 for a lone surrogate (the prelude's error) or an exception. */
static int read_key(Walk *w, Key *key) {
  JSValue name = JS_AtomToString(w->ctx, key->atom);
  key->utf8 = JS_IsException(name) ? NULL : JS_ToCStringLen(w->ctx, &key->length, name);
  JS_FreeValue(w->ctx, name);
  return key->utf8 != NULL ? !has_lone_surrogate((const unsigned char *)key->utf8, key->length) : drop_exception(w->ctx);
}

/* Objects of up to this many members, all plain values, are read from their shape (JS_InkPlainMembers). */
#define FEW_MEMBERS 16

/*
 * A plain object of few members, each a plain value, as append_members writes it, read from its
 * shape; -1 when the object is not such (append_members then reads it through the general calls).
 */
static int append_few_members(Walk *w, JSValueConst object, int depth) {
  JSAtom atoms[FEW_MEMBERS];
  JSValueConst values[FEW_MEMBERS];
  int count = JS_InkPlainMembers(w->ctx, object, FEW_MEMBERS, atoms, values);
  if (count < 0) return -1;
  Key keys[FEW_MEMBERS];
  int read = 0, ok = 1;
  for (; ok && read < count; read++) {
    keys[read] = (Key){ atoms[read], NULL, 0, read };
    ok = read_key(w, &keys[read]);
  }
  // Insertion sort: a few keys, where qsort's calls through a pointer cost more.
  for (int i = 1; ok && i < count; i++) {
    Key key = keys[i];
    int j = i;
    for (; j > 0 && compare_keys(&keys[j - 1], &key) > 0; j--) keys[j] = keys[j - 1];
    keys[j] = key;
  }
  ok = ok && append_byte(TAG_OBJECT) && append_uvarint(count);
  for (int i = 0; ok && i < count; i++) {
    ok = append_uvarint(keys[i].length) && append(keys[i].utf8, keys[i].length) && append_value(w, values[keys[i].index], depth + 1);
  }
  for (int i = 0; i < read; i++) if (keys[i].utf8) JS_FreeCString(w->ctx, keys[i].utf8);
  return ok;
}

/* A plain object's own enumerable string keys in canonical order, each with its value. */
static int append_members(Walk *w, JSValueConst object, int depth) {
  int few = append_few_members(w, object, depth);
  if (few >= 0) return few;
  JSPropertyEnum *names;
  uint32_t count;
  if (JS_GetOwnPropertyNames(w->ctx, &names, &count, object, JS_GPN_STRING_MASK | JS_GPN_ENUM_ONLY) < 0) return drop_exception(w->ctx);
  Key *keys = count ? calloc(count, sizeof(Key)) : NULL;
  int ok = count == 0 || keys != NULL;
  for (uint32_t i = 0; ok && i < count; i++) {
    keys[i].atom = names[i].atom;
    ok = read_key(w, &keys[i]);
  }
  if (ok && count > 1) qsort(keys, count, sizeof(Key), compare_keys);
  ok = ok && append_byte(TAG_OBJECT) && append_uvarint(count);
  for (uint32_t i = 0; ok && i < count; i++) {
    JSValue item;
    ok = append_uvarint(keys[i].length) && append(keys[i].utf8, keys[i].length) && own_data_property(w, object, keys[i].atom, &item);
    if (ok) {
      ok = append_value(w, item, depth + 1);
      JS_FreeValue(w->ctx, item);
    }
  }
  for (uint32_t i = 0; keys && i < count; i++) if (keys[i].utf8) JS_FreeCString(w->ctx, keys[i].utf8);
  free(keys);
  free_keys(w->ctx, names, count);
  return ok;
}

/* A Uint8Array's bytes, its length read like the prelude's (the prototype's getter). */
static int append_bytes(Walk *w, JSValueConst array) {
  JSContext *ctx = w->ctx;
  // An own "length" would be what the prelude's v.length reads, perhaps a getter.
  int own_length = JS_GetOwnProperty(ctx, NULL, array, w->data->length);
  if (own_length != 0) return own_length < 0 ? drop_exception(ctx) : 0;
  JSValue length = JS_GetProperty(ctx, array, w->data->length);
  if (JS_VALUE_GET_TAG(length) != JS_TAG_INT) { JS_FreeValue(ctx, length); return 0; }
  int n = JS_VALUE_GET_INT(length);
  if (!charge(w, ceil(n * w->per_byte) + 1) || !append_byte(TAG_BYTES) || !append_uvarint(n)) return 0;
  if (n == 0) return 1;
  size_t offset, size;
  JSValue buffer = JS_GetTypedArrayBuffer(ctx, array, &offset, NULL, NULL);
  if (JS_IsException(buffer)) return drop_exception(ctx);
  const uint8_t *bytes = JS_GetArrayBuffer(ctx, &size, buffer);
  JS_FreeValue(ctx, buffer);
  if (!bytes) return drop_exception(ctx);
  return offset + n <= size && append(bytes + offset, n);
}

/* One value, at depth (the prelude's order: the depth limit, the gas, then the value). */
static int append_value(Walk *w, JSValueConst value, int depth) {
  if (depth > MAX_DEPTH || !charge(w, 1)) return 0;
  switch (JS_VALUE_GET_NORM_TAG(value)) { // floats are NaN-boxed on wasm32
    case JS_TAG_STRING:
    case JS_TAG_STRING_ROPE: return append_string(w, value);
    case JS_TAG_INT:
    case JS_TAG_FLOAT64: return append_number(value);
    case JS_TAG_SHORT_BIG_INT:
    case JS_TAG_BIG_INT: return append_bigint(value);
    case JS_TAG_BOOL: return append_byte(JS_VALUE_GET_BOOL(value) ? TAG_TRUE : TAG_FALSE);
    case JS_TAG_NULL: return append_byte(TAG_NULL);
    case JS_TAG_OBJECT: break;
    default: return 0; // undefined, symbols: the prelude's errors
  }
  const void *proto;
  JSClassID id = class_and_proto(w->ctx, JS_DupValue(w->ctx, value), &proto);
  if (id == uint8_class && proto == w->data->uint8_proto) return append_bytes(w, value);
  if (id == array_class && proto == w->data->array_proto) return append_elements(w, value, depth);
  if (id == object_class && (proto == w->data->object_proto || proto == NULL)) return append_members(w, value, depth);
  return 0; // functions, class instances, other objects
}

/*
 * The bytes written, as a byte string; undefined when the walk failed (ok 0) or memory ran out
 * (the prelude's code then meets that itself). A large buffer is not kept for the next call.
 */
static JSValue written_bytes(JSContext *ctx, int ok) {
  JSValue bytes = ok ? JS_InkNewByteString(ctx, out.bytes, out.length) : JS_UNDEFINED;
  if (out.capacity > 65536) { free(out.bytes); out = (Bytes){ 0 }; }
  if (JS_IsException(bytes)) { drop_exception(ctx); return JS_UNDEFINED; }
  return bytes;
}

/*
 * prefix, then value's canonical bytes, as a byte string, the walk's gas charged to the gas meter;
 * undefined, nothing charged, when the walk declines.
 */
static JSValue charged_bytes(JSContext *ctx, const ContextData *data, const uint8_t *prefix, size_t prefix_length, JSValueConst value) {
  Walk w = { ctx, data, meter_value(data->gas), 0, data->encode_per_byte };
  out.length = 0;
  JSValue bytes = written_bytes(ctx, (prefix_length == 0 || append(prefix, prefix_length)) && append_value(&w, value, 0));
  if (!JS_IsUndefined(bytes)) set_meter(ctx, data->gas, w.gas_left - w.gas_used); // never below 0: the walk declines first
  return bytes;
}

static JSValue to_canonical_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  const ContextData *data = JS_GetContextOpaque(ctx);
  if (argc != 2 || !JS_IsBool(argv[1])) return JS_ThrowTypeError(ctx, "__inkToCanonical(value, charged)");
  if (JS_VALUE_GET_BOOL(argv[1])) return data->gas ? charged_bytes(ctx, data, NULL, 0, argv[0]) : JS_ThrowTypeError(ctx, "__inkToCanonical: the meters are not bound");
  Walk w = { ctx, data, INFINITY, 0, 0 };
  out.length = 0;
  return written_bytes(ctx, append_value(&w, argv[0], 0));
}

/* The length of a list the prelude made (an array of at most 2^31 - 1 items); 0 when it is not one. */
static int list_length(JSContext *ctx, const ContextData *data, JSValueConst list, uint32_t *length) {
  if (JS_GetClassID(list) != array_class) return 0;
  JSValue n = JS_GetProperty(ctx, list, data->length);
  if (JS_VALUE_GET_TAG(n) != JS_TAG_INT) { JS_FreeValue(ctx, n); return 0; }
  *length = JS_VALUE_GET_INT(n);
  return 1;
}

/* The most parts an entry point's result may have (see ink_call). */
#define MAX_PARTS 16

/* An integer in decimal into digits (room for 24); its length, or 0 for anything but a safe integer. */
static size_t decimal_text(JSValueConst number, char *digits) {
  double d = JS_VALUE_GET_TAG(number) == JS_TAG_INT ? JS_VALUE_GET_INT(number) : JS_VALUE_GET_FLOAT64(number);
  if (!(fabs(d) <= 9007199254740991.0) || d != floor(d)) return 0;
  uint64_t magnitude = (uint64_t)fabs(d);
  char reversed[20];
  size_t n = 0, length = 0;
  do {
    reversed[n++] = (char)('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude);
  if (d < 0) digits[length++] = '-';
  while (n) digits[length++] = reversed[--n];
  return length;
}

/*
 * The parts of an entry point's result, written one after another to the buffer: each a byte
 * string, or an integer written in decimal (the prelude's envelope: vm/frames.ts). Joining them
 * here spares the sandbox a string made of them and the decimal text of its numbers.
 */
static int write_parts(JSContext *ctx, JSValueConst result) {
  uint32_t count;
  if (!list_length(ctx, JS_GetContextOpaque(ctx), result, &count) || count > MAX_PARTS) return failure("the entry point returned a malformed list of parts");
  struct { JSValue flat; const uint8_t *bytes; size_t length; char digits[24]; } parts[MAX_PARTS];
  size_t total = 0;
  uint32_t held = 0;
  int ok = 1;
  for (; ok && held < count; held++) {
    JSValue part = JS_GetPropertyUint32(ctx, result, held);
    parts[held].flat = JS_UNDEFINED;
    int tag = JS_VALUE_GET_NORM_TAG(part);
    if (tag == JS_TAG_INT || tag == JS_TAG_FLOAT64) {
      parts[held].length = decimal_text(part, parts[held].digits);
      parts[held].bytes = (const uint8_t *)parts[held].digits;
      ok = parts[held].length > 0;
    } else {
      ok = JS_InkByteString(ctx, part, &parts[held].flat, &parts[held].bytes, &parts[held].length);
      if (ok < 0) ok = drop_exception(ctx);
    }
    JS_FreeValue(ctx, part);
    if (ok) total += parts[held].length;
  }
  char *buffer = ok ? ink_buffer(total + 1) : NULL;
  if (buffer) {
    size_t at = 0;
    for (uint32_t i = 0; i < count; i++) {
      memcpy(buffer + at, parts[i].bytes, parts[i].length);
      at += parts[i].length;
    }
    buffer[total] = 0;
  }
  for (uint32_t i = 0; i < held; i++) JS_FreeValue(ctx, parts[i].flat);
  if (!ok) return failure("the entry point returned a part that is neither a byte string nor a safe integer");
  return buffer ? (int)total : failure("out of memory");
}

/* A byte string's length and bytes. */
static int append_framed(JSContext *ctx, JSValueConst string) {
  JSValue flat;
  const uint8_t *bytes;
  size_t length;
  int ok = JS_InkByteString(ctx, string, &flat, &bytes, &length);
  if (ok < 0) return drop_exception(ctx);
  if (ok == 0) return 0;
  ok = append_uvarint(length) && append(bytes, length);
  JS_FreeValue(ctx, flat);
  return ok;
}

/* One buffered write: the key's length and UTF-8, then 0 for a deletion (null) or 1 and the value's framed bytes. */
static int append_write(JSContext *ctx, JSValueConst key, JSValueConst local) {
  if (!JS_IsString(key)) return 0;
  size_t length;
  const char *utf8 = JS_ToCStringLen(ctx, &length, key);
  if (!utf8) return drop_exception(ctx);
  JSAtom atom = JS_ValueToAtom(ctx, key);
  JSValue value = atom == JS_ATOM_NULL ? JS_EXCEPTION : JS_GetProperty(ctx, local, atom);
  JS_FreeAtom(ctx, atom);
  int ok = !JS_IsException(value) && append_uvarint(length) && append(utf8, length) &&
           (JS_IsNull(value) ? append_byte(0) : append_byte(1) && append_framed(ctx, value));
  if (JS_IsException(value)) drop_exception(ctx);
  JS_FreeValue(ctx, value);
  JS_FreeCString(ctx, utf8);
  return ok;
}

/*
 * __inkWritesAndEvents(pending, local, events): the writes and events the prelude buffered, as the
 * host reads them from a flush and an envelope (vm/frames.ts readWritesAndEvents): the count of
 * writes, each write (append_write) for the keys written (pending) and their canonical bytes or
 * null (local); the count of events, each the framed canonical bytes of [name, data]. No gas:
 * the prelude charged for them as they were buffered. Undefined beyond MAX_ENCODED bytes (the
 * prelude then fails the call).
 */
static JSValue writes_and_events_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  const ContextData *data = JS_GetContextOpaque(ctx);
  uint32_t writes, events;
  if (argc != 3 || !list_length(ctx, data, argv[0], &writes) || !list_length(ctx, data, argv[2], &events) || !JS_IsObject(argv[1])) {
    return JS_ThrowTypeError(ctx, "__inkWritesAndEvents(pending, local, events)");
  }
  out.length = 0;
  int ok = append_uvarint(writes);
  for (uint32_t i = 0; ok && i < writes; i++) {
    JSValue key = JS_GetPropertyUint32(ctx, argv[0], i);
    ok = append_write(ctx, key, argv[1]);
    JS_FreeValue(ctx, key);
  }
  ok = ok && append_uvarint(events);
  for (uint32_t i = 0; ok && i < events; i++) {
    JSValue event = JS_GetPropertyUint32(ctx, argv[2], i);
    ok = append_framed(ctx, event);
    JS_FreeValue(ctx, event);
  }
  return written_bytes(ctx, ok);
}

/*
 * __inkFromCanonical(bytes) is the prelude's decoding after its charge (which goes by the length
 * alone): the value of canonical bytes in a byte string. The bytes come from the host (stored
 * values, arguments, replies) or from __inkToCanonical; anything else, malformed bytes included,
 * is a TypeError. It runs no contract code.
 */
typedef struct {
  JSContext *ctx;
  const uint8_t *at, *end;
} Reader;

/* Unsigned LEB128; 0 when it runs past the end. */
static int read_uvarint(Reader *r, size_t *n) {
  size_t value = 0;
  for (int shift = 0; shift < 35 && r->at < r->end; shift += 7) {
    uint8_t byte = *r->at++;
    value |= (size_t)(byte & 0x7f) << shift;
    if (!(byte & 0x80)) { *n = value; return 1; }
  }
  return 0;
}

/* n more bytes, or NULL when fewer are left. */
static const uint8_t *read_bytes(Reader *r, size_t n) {
  if (n > (size_t)(r->end - r->at)) return NULL;
  const uint8_t *start = r->at;
  r->at += n;
  return start;
}

static JSValue malformed(JSContext *ctx) { return JS_ThrowTypeError(ctx, "malformed canonical value"); }

static JSValue read_value(Reader *r, int depth);

static JSValue read_number(Reader *r) {
  const uint8_t *bytes = read_bytes(r, 8);
  if (!bytes) return malformed(r->ctx);
  uint64_t bits = 0;
  for (int i = 0; i < 8; i++) bits = bits << 8 | bytes[i];
  double d;
  memcpy(&d, &bits, sizeof d);
  // As JSON.parse and arithmetic make them: a small integer is an int, like every other one.
  if (d >= -2147483648.0 && d <= 2147483647.0 && d == (int32_t)d && !(d == 0 && signbit(d))) return JS_NewInt32(r->ctx, (int32_t)d);
  return JS_NewFloat64(r->ctx, d);
}

static JSValue read_bigint(Reader *r) {
  size_t length;
  const uint8_t *sign = read_bytes(r, 1), *magnitude = NULL;
  if (!sign || *sign > 1 || !read_uvarint(r, &length) || !(magnitude = read_bytes(r, length))) return malformed(r->ctx);
  if (length < sizeof(int64_t)) {
    int64_t n = 0;
    for (size_t i = 0; i < length; i++) n = n << 8 | magnitude[i];
    return JS_NewBigInt64(r->ctx, *sign ? -n : n);
  }
  return JS_InkNewBigInt(r->ctx, *sign, magnitude, length);
}

static JSValue read_string(Reader *r) {
  size_t length;
  const uint8_t *utf8;
  if (!read_uvarint(r, &length) || !(utf8 = read_bytes(r, length))) return malformed(r->ctx);
  return JS_NewStringLen(r->ctx, (const char *)utf8, length);
}

static JSValue read_uint8_array(Reader *r) {
  size_t length;
  const uint8_t *bytes;
  if (!read_uvarint(r, &length) || !(bytes = read_bytes(r, length))) return malformed(r->ctx);
  JSValue count = JS_NewInt64(r->ctx, length);
  JSValue array = JS_NewTypedArray(r->ctx, 1, &count, JS_TYPED_ARRAY_UINT8);
  if (JS_IsException(array) || length == 0) return array;
  size_t offset, size;
  JSValue buffer = JS_GetTypedArrayBuffer(r->ctx, array, &offset, NULL, NULL);
  uint8_t *target = JS_IsException(buffer) ? NULL : JS_GetArrayBuffer(r->ctx, &size, buffer);
  JS_FreeValue(r->ctx, buffer);
  if (!target) { JS_FreeValue(r->ctx, array); return JS_EXCEPTION; }
  memcpy(target + offset, bytes, length);
  return array;
}

static JSValue read_array(Reader *r, int depth) {
  size_t count;
  if (!read_uvarint(r, &count) || count > (size_t)(r->end - r->at)) return malformed(r->ctx); // an item takes a byte at least
  JSValue array = JS_NewArray(r->ctx);
  for (size_t i = 0; i < count && !JS_IsException(array); i++) {
    JSValue item = read_value(r, depth + 1);
    if (JS_IsException(item) || JS_DefinePropertyValueUint32(r->ctx, array, (uint32_t)i, item, JS_PROP_C_W_E) < 0) {
      JS_FreeValue(r->ctx, array);
      array = JS_EXCEPTION;
    }
  }
  return array;
}

static JSValue read_object(Reader *r, int depth) {
  size_t count;
  if (!read_uvarint(r, &count) || count > (size_t)(r->end - r->at)) return malformed(r->ctx);
  JSValue object = JS_NewObject(r->ctx);
  for (size_t i = 0; i < count && !JS_IsException(object); i++) {
    size_t length;
    const uint8_t *utf8 = NULL;
    JSAtom key = read_uvarint(r, &length) && (utf8 = read_bytes(r, length)) ? JS_NewAtomLen(r->ctx, (const char *)utf8, length) : JS_ATOM_NULL;
    if (!utf8) malformed(r->ctx);
    JSValue item = key == JS_ATOM_NULL ? JS_EXCEPTION : read_value(r, depth + 1);
    // Defined, not assigned: a "__proto__" key is an own property like any other.
    if (JS_IsException(item) || JS_DefinePropertyValue(r->ctx, object, key, item, JS_PROP_C_W_E) < 0) {
      JS_FreeValue(r->ctx, object);
      object = JS_EXCEPTION;
    }
    if (key != JS_ATOM_NULL) JS_FreeAtom(r->ctx, key);
  }
  return object;
}

static JSValue read_value(Reader *r, int depth) {
  // An argument list holds values of the full depth.
  if (depth > MAX_DEPTH + 1) return malformed(r->ctx);
  const uint8_t *tag = read_bytes(r, 1);
  if (!tag) return malformed(r->ctx);
  switch (*tag) {
    case TAG_NULL: return JS_NULL;
    case TAG_FALSE: return JS_FALSE;
    case TAG_TRUE: return JS_TRUE;
    case TAG_NUMBER: return read_number(r);
    case TAG_BIGINT: return read_bigint(r);
    case TAG_STRING: return read_string(r);
    case TAG_BYTES: return read_uint8_array(r);
    case TAG_ARRAY: return read_array(r, depth);
    case TAG_OBJECT: return read_object(r, depth);
  }
  return malformed(r->ctx);
}

/* The value of the canonical bytes in a byte string (TypeError for anything else). */
static JSValue decode_bytes(JSContext *ctx, JSValueConst string) {
  JSValue flat;
  const uint8_t *bytes;
  size_t length;
  if (!byte_string_argument(ctx, string, &flat, &bytes, &length)) return JS_EXCEPTION;
  Reader r = { ctx, bytes, bytes + length };
  JSValue value = read_value(&r, 0);
  if (!JS_IsException(value) && r.at != r.end) {
    JS_FreeValue(ctx, value);
    value = malformed(ctx);
  }
  JS_FreeValue(ctx, flat);
  return value;
}

static JSValue from_canonical_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  if (argc != 1) return JS_ThrowTypeError(ctx, "__inkFromCanonical(bytes)");
  return decode_bytes(ctx, argv[0]);
}

/*
 * __inkBindMeters(gasMeter, memoryMeter, outOfGas, keyRefused, prices): the prelude's meters for
 * the natives (see "Meters"): closures over its gas and memory counters (each its only captured
 * variable), its oog(), what __inkRead answers for a key keyOf would refuse, and the prices
 * [encodePerByte, readBase, readPerByte, decodePerByte, writeBase, writePerByte, emitBase,
 * emitPerByte, maxKeyLength].
 */
static JSValue bind_meters_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  ContextData *data = JS_GetContextOpaque(ctx);
  double prices[9];
  int ok = argc == 5 && JS_InkCapturedVariable(argv[0], 0) && JS_InkCapturedVariable(argv[1], 0) && JS_IsFunction(ctx, argv[2]) &&
           JS_IsObject(argv[3]) && JS_GetClassID(argv[4]) == array_class;
  for (uint32_t i = 0; ok && i < 9; i++) {
    JSValue price = JS_GetPropertyUint32(ctx, argv[4], i);
    ok = JS_IsNumber(price) && !JS_ToFloat64(ctx, &prices[i], price);
    JS_FreeValue(ctx, price);
  }
  if (!ok) return JS_ThrowTypeError(ctx, "__inkBindMeters(gasMeter, memoryMeter, outOfGas, keyRefused, prices)");
  JSValue *fields[] = { &data->gas_meter, &data->memory_meter, &data->out_of_gas, &data->key_refused };
  for (int i = 0; i < 4; i++) {
    JS_FreeValue(ctx, *fields[i]);
    *fields[i] = JS_DupValue(ctx, argv[i]);
  }
  data->gas = JS_InkCapturedVariable(data->gas_meter, 0);
  data->memory = JS_InkCapturedVariable(data->memory_meter, 0);
  data->encode_per_byte = prices[0];
  data->read_base = prices[1];
  data->read_per_byte = prices[2];
  data->decode_per_byte = prices[3];
  data->write_base = prices[4];
  data->write_per_byte = prices[5];
  data->emit_base = prices[6];
  data->emit_per_byte = prices[7];
  data->max_key_length = (int)prices[8];
  return JS_UNDEFINED;
}

/* Asks the host for a key's stored bytes ('g' and the key): a byte string, null when absent, or an exception. */
static JSValue host_read(JSContext *ctx, JSValueConst key) {
  JSValue reply = ask_host(ctx, "g", key, NULL, 0);
  return JS_IsUndefined(reply) ? JS_NULL : reply;
}

/*
 * __inkRead(key, local, decode): storage.get (decode true) and storage.has (false), once the
 * prelude has checked that a call runs. keyRefused (see __inkBindMeters) when the key is not one
 * keyOf accepts, before anything else. Otherwise the key's bytes: local[key] (the call's own
 * writes and earlier reads), else the host's answer, kept there (null when absent); the read is
 * charged (readBase + readPerByte per key unit and byte), then for get the decoding (gas by the
 * bytes' length, 8 bytes of memory each) before the value is made. has answers whether there
 * are bytes, get the value or undefined.
 */
static JSValue read_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  const ContextData *data = JS_GetContextOpaque(ctx);
  if (argc != 3 || !JS_IsObject(argv[1]) || !JS_IsBool(argv[2]) || !data->gas) return JS_ThrowTypeError(ctx, "__inkRead(key, local, decode)");
  JSValueConst key = argv[0], local = argv[1];
  int is_key = JS_IsString(key) ? JS_InkIsKey(ctx, key, data->max_key_length) : 0;
  if (is_key <= 0) return is_key < 0 ? JS_EXCEPTION : JS_DupValue(ctx, data->key_refused);
  JSAtom atom = JS_ValueToAtom(ctx, key);
  if (atom == JS_ATOM_NULL) return JS_EXCEPTION;
  JSValue bytes = JS_GetProperty(ctx, local, atom);
  if (JS_IsUndefined(bytes)) {
    bytes = host_read(ctx, key);
    if (!JS_IsException(bytes) && JS_SetProperty(ctx, local, atom, JS_DupValue(ctx, bytes)) < 0) {
      JS_FreeValue(ctx, bytes);
      bytes = JS_EXCEPTION;
    }
  }
  JS_FreeAtom(ctx, atom);
  if (JS_IsException(bytes)) return JS_EXCEPTION;
  double length = JS_InkStringLength(bytes); // 0 for null
  JSValue result = JS_EXCEPTION;
  if (charge_gas(ctx, data, data->read_base + data->read_per_byte * (JS_InkStringLength(key) + length))) {
    if (JS_IsNull(bytes)) result = JS_VALUE_GET_BOOL(argv[2]) ? JS_UNDEFINED : JS_FALSE;
    else if (!JS_VALUE_GET_BOOL(argv[2])) result = JS_TRUE;
    else if (charge_gas_and_memory(ctx, data, ceil(length * data->decode_per_byte) + 1, length * 8)) result = decode_bytes(ctx, bytes);
  }
  JS_FreeValue(ctx, bytes);
  return result;
}

/*
 * Keys a write searches pending for; the prelude's own path indexes a longer list in an object
 * this code never sees (markWritten, whose short lists are this long too).
 */
#define SHORT_PENDING 8

/*
 * __inkWrite(key, value, local, pending): storage.set after the prelude's check that a call runs,
 * all or nothing. It does nothing and answers undefined, for the prelude's own path to run, when
 * the key is not one keyOf accepts, when pending holds SHORT_PENDING keys or more, or when the
 * walk declines (see __inkToCanonical); else, as that path does: the value's canonical bytes
 * (their gas charged), the write charged by key and value size, the key added to pending if new
 * (8 bytes of memory), local[key] set to the bytes; true.
 */
static JSValue write_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  const ContextData *data = JS_GetContextOpaque(ctx);
  uint32_t count;
  if (argc != 4 || !JS_IsObject(argv[2]) || !list_length(ctx, data, argv[3], &count) || !data->gas) {
    return JS_ThrowTypeError(ctx, "__inkWrite(key, value, local, pending)");
  }
  JSValueConst key = argv[0], local = argv[2], pending = argv[3];
  int is_key = JS_IsString(key) ? JS_InkIsKey(ctx, key, data->max_key_length) : 0;
  if (is_key < 0) return JS_EXCEPTION;
  if (!is_key || count >= SHORT_PENDING) return JS_UNDEFINED;
  JSValue bytes = charged_bytes(ctx, data, NULL, 0, argv[1]);
  if (JS_IsUndefined(bytes)) return JS_UNDEFINED;
  int ok = charge_gas(ctx, data, data->write_base + data->write_per_byte * (JS_InkStringLength(key) + JS_InkStringLength(bytes)));
  int known = 0;
  for (uint32_t i = 0; ok && !known && i < count; i++) {
    JSValue item = JS_GetPropertyUint32(ctx, pending, i);
    known = JS_StrictEq(ctx, item, key);
    JS_FreeValue(ctx, item);
  }
  if (ok && !known) ok = charge_memory(ctx, data, 8) && JS_SetPropertyUint32(ctx, pending, count, JS_DupValue(ctx, key)) >= 0;
  if (ok) {
    JSAtom atom = JS_ValueToAtom(ctx, key);
    ok = atom != JS_ATOM_NULL && JS_SetProperty(ctx, local, atom, JS_DupValue(ctx, bytes)) >= 0;
    if (atom != JS_ATOM_NULL) JS_FreeAtom(ctx, atom);
  }
  JS_FreeValue(ctx, bytes);
  return ok ? JS_TRUE : JS_EXCEPTION;
}

/* The most events one call may emit (the prelude says so when a call tries more). */
#define MAX_EVENTS 1024

/*
 * __inkEmit(name, data, heads, events): emit after the prelude's check that a call runs, all or
 * nothing. It does nothing and answers undefined, for the prelude's own path to run, when the
 * name is not a string of 1 to 64 units or has no head in heads yet (the canonical bytes of
 * [name, up to its data, which the prelude makes and keeps), when events holds MAX_EVENTS, or
 * when the walk declines (see __inkToCanonical); else, as that path does: data's canonical bytes
 * (undefined as null; their gas charged), the event charged by name and data size, the head and
 * the bytes appended to events (8 bytes of memory); true.
 */
static JSValue emit_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  const ContextData *data = JS_GetContextOpaque(ctx);
  uint32_t count;
  if (argc != 4 || !JS_IsObject(argv[2]) || !list_length(ctx, data, argv[3], &count) || !data->gas) {
    return JS_ThrowTypeError(ctx, "__inkEmit(name, data, heads, events)");
  }
  JSValueConst name = argv[0], events = argv[3];
  uint32_t name_length = JS_InkStringLength(name);
  if (!JS_IsString(name) || name_length == 0 || name_length > 64 || count >= MAX_EVENTS) return JS_UNDEFINED;
  JSAtom atom = JS_ValueToAtom(ctx, name);
  if (atom == JS_ATOM_NULL) return JS_EXCEPTION;
  JSValue head = JS_GetProperty(ctx, argv[2], atom);
  JS_FreeAtom(ctx, atom);
  if (JS_IsException(head)) return JS_EXCEPTION;
  JSValue flat = JS_UNDEFINED;
  const uint8_t *head_bytes;
  size_t head_length;
  int ok = JS_InkByteString(ctx, head, &flat, &head_bytes, &head_length); // 0 for undefined: no head yet
  JS_FreeValue(ctx, head);
  if (ok <= 0) return ok < 0 ? JS_EXCEPTION : JS_UNDEFINED;
  // The event's bytes are the head's, then the data's as the walk writes them after it.
  JSValue event = charged_bytes(ctx, data, head_bytes, head_length, JS_IsUndefined(argv[1]) ? JS_NULL : argv[1]);
  JS_FreeValue(ctx, flat);
  if (JS_IsUndefined(event)) return JS_UNDEFINED;
  ok = charge_gas(ctx, data, data->emit_base + data->emit_per_byte * (name_length + JS_InkStringLength(event) - head_length)) &&
       charge_memory(ctx, data, 8) && JS_SetPropertyUint32(ctx, events, count, JS_DupValue(ctx, event)) >= 0;
  JS_FreeValue(ctx, event);
  return ok ? JS_TRUE : JS_EXCEPTION;
}
