/*
 * The C side of vm/engine.ts: QuickJS runtimes and contexts that evaluate a script to one entry
 * function, call it with one string and read back one string, and answer one host function that
 * takes and returns a string. Every string crosses through one buffer (ink_buffer).
 *
 * Return convention of ink_eval, ink_call and the host_call import: r >= 0 is success, with r
 * bytes of text in the buffer; r <= -2 is failure, with -r - 2 bytes of message in the buffer;
 * -1 (host_call only) is undefined.
 */
#include <stdlib.h>
#include <string.h>
#include "quickjs.h"

#define IMPORT(name) __attribute__((import_module("env"), import_name(#name)))
/* The sandbox called its host function; the reply is written into the buffer. */
IMPORT(host_call) extern int host_call(JSContext *ctx, const char *request, size_t length);
/* Polled by the engine every ~10,000 steps; nonzero interrupts the running code. */
IMPORT(should_interrupt) extern int should_interrupt(JSRuntime *rt);

#define EXPORT(name) __attribute__((export_name(#name))) name

static char *buffer;
static size_t buffer_size;

/* The shared buffer, grown to hold at least size bytes. */
char *EXPORT(ink_buffer)(size_t size) {
  if (size > buffer_size) {
    free(buffer);
    buffer_size = size < 4096 ? 4096 : size + size / 2;
    buffer = malloc(buffer_size);
    if (!buffer) buffer_size = 0;
  }
  return buffer;
}

static int text_out(const char *text, size_t length) {
  if (!ink_buffer(length + 1)) return -2;
  memcpy(buffer, text, length);
  buffer[length] = 0;
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

static JSValue host_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  if (argc != 1 || !JS_IsString(argv[0])) return JS_ThrowTypeError(ctx, "the host function takes one string");
  size_t length;
  const char *request = JS_ToCStringLen(ctx, &length, argv[0]);
  if (!request) return JS_EXCEPTION;
  int reply = host_call(ctx, request, length);
  JS_FreeCString(ctx, request);
  if (reply == -1) return JS_UNDEFINED;
  if (reply >= 0) return JS_NewStringLen(ctx, buffer, reply);
  JSValue error = JS_NewError(ctx);
  JS_SetPropertyStr(ctx, error, "message", JS_NewStringLen(ctx, buffer, -reply - 2));
  return JS_Throw(ctx, error);
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
  for (uint32_t i = 0; i < key_count; i++) JS_FreeAtom(ctx, keys[i].atom);
  js_free(ctx, keys);
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

/*
 * A context with the standard intrinsics, globalThis[host_name], the host function, and
 * globalThis.__inkFreezeAll (the prelude takes both and deletes them before contract code runs).
 */
JSContext *EXPORT(ink_new_context)(JSRuntime *rt, const char *host_name) {
  JSContext *ctx = JS_NewContext(rt);
  if (!ctx) return NULL;
  JSValue *entry = malloc(sizeof(JSValue));
  *entry = JS_UNDEFINED;
  JS_SetContextOpaque(ctx, entry);
  JSValue global = JS_GetGlobalObject(ctx);
  JS_SetPropertyStr(ctx, global, host_name, JS_NewCFunction(ctx, host_function, host_name, 1));
  JS_SetPropertyStr(ctx, global, "__inkFreezeAll", JS_NewCFunction(ctx, freeze_all, "__inkFreezeAll", 5));
  JS_FreeValue(ctx, global);
  return ctx;
}

void EXPORT(ink_free_context)(JSContext *ctx) {
  JSValue *entry = JS_GetContextOpaque(ctx);
  JS_FreeValue(ctx, *entry);
  free(entry);
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
  JSValue *entry = JS_GetContextOpaque(ctx);
  JS_FreeValue(ctx, *entry);
  *entry = value;
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
  char *source = buffer;
  buffer = NULL;
  buffer_size = 0;
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
  char *bytecode = buffer;
  buffer = NULL;
  buffer_size = 0;
  JSValue compiled = JS_ReadObject(ctx, (const uint8_t *)bytecode, length, JS_READ_OBJ_BYTECODE);
  free(bytecode);
  if (JS_IsException(compiled)) return describe_exception(ctx);
  return set_entry(ctx, JS_EvalFunction(ctx, compiled));
}

/* Calls the entry point with one string (this undefined); its result, read as a string, goes to the buffer. */
int EXPORT(ink_call)(JSContext *ctx, const char *argument, size_t length) {
  JSValue *entry = JS_GetContextOpaque(ctx);
  JSValue arg = JS_NewStringLen(ctx, argument, length);
  if (JS_IsException(arg)) return describe_exception(ctx);
  JSValue result = JS_Call(ctx, *entry, JS_UNDEFINED, 1, &arg);
  JS_FreeValue(ctx, arg);
  if (JS_IsException(result)) return describe_exception(ctx);
  size_t out_length;
  const char *text = JS_ToCStringLen(ctx, &out_length, result);
  JS_FreeValue(ctx, result);
  if (!text) return describe_exception(ctx);
  int written = text_out(text, out_length);
  JS_FreeCString(ctx, text);
  return written;
}
