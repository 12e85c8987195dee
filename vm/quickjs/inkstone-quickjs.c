/*
 * The C side of vm/engine.ts: QuickJS runtimes and contexts that evaluate a script to one entry
 * function, call it with one string and read back one string, and answer one host function that
 * takes and returns a string. Every string crosses through one buffer (ink_buffer).
 *
 * Return convention of ink_eval, ink_call and the host_call import: r >= 0 is success, with r
 * bytes of text in the buffer; r <= -2 is failure, with -r - 2 bytes of message in the buffer;
 * -1 (host_call only) is undefined.
 *
 * Every context also gets globalThis.__inkToWire and __inkFromWire, the native halves of the
 * prelude's toWire and fromWire (below, "The wire form"); the prelude takes them and deletes them
 * before any contract code runs.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "quickjs.h"

#define IMPORT(name) __attribute__((import_module("env"), import_name(#name)))
/* The sandbox called its host function; the reply is written into the buffer. */
IMPORT(host_call) extern int host_call(JSContext *ctx, const char *request, size_t length);
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

static JSValue host_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  if (argc != 1 || !JS_IsString(argv[0])) return JS_ThrowTypeError(ctx, "the host function takes one string");
  size_t length;
  const char *request = JS_ToCStringLen(ctx, &length, argv[0]);
  if (!request) return JS_EXCEPTION;
  int reply = host_call(ctx, request, length);
  JS_FreeCString(ctx, request);
  if (reply == -1) return JS_UNDEFINED;
  if (reply >= 0) return JS_NewStringLen(ctx, shared.data, reply);
  JSValue error = JS_NewError(ctx);
  JS_SetPropertyStr(ctx, error, "message", JS_NewStringLen(ctx, shared.data, -reply - 2));
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
   * The prototypes the wire form accepts, as the context made them, compared by identity (they
   * live as long as the context, which holds them). The prelude freezes them, and contracts
   * cannot replace them: Object.prototype and friends are not writable.
   */
  const void *object_proto, *array_proto, *uint8_proto;
  JSAtom length; /* "length" */
  JSValue bigint; /* the BigInt function, before the prelude wraps it in its pricing */
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

static JSValue to_wire_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv);
static JSValue from_wire_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv);
static JSValue writes_and_events_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv);

/* JSON.stringify's quoting of a string, and string.split for a one-character separator (quickjs.patch). */
JSValue JS_InkQuotedString(JSContext *ctx, JSValueConst string);
JSValue JS_InkSplit(JSContext *ctx, JSValueConst string, uint16_t separator);
/* Whether a string can be a storage key as it is (quickjs.patch). */
int JS_InkIsKey(JSContext *ctx, JSValueConst string, int max_length);

/* __inkQuote(string): the JSON string literal of a string, as JSON.stringify(string) writes it. */
static JSValue quote_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  if (argc != 1 || !JS_IsString(argv[0])) return JS_ThrowTypeError(ctx, "__inkQuote(string)");
  return JS_InkQuotedString(ctx, argv[0]);
}

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
 * natives the prelude takes and deletes before contract code runs: __inkFreezeAll, __inkToWire,
 * __inkFromWire, __inkQuote, __inkSplit, __inkIsKey, __inkWritesAndEvents.
 */
JSContext *EXPORT(ink_new_context)(JSRuntime *rt, const char *host_name) {
  JSContext *ctx = JS_NewContext(rt);
  if (!ctx) return NULL;
  ContextData *data = malloc(sizeof(ContextData));
  if (!data) { JS_FreeContext(ctx); return NULL; }
  data->entry = JS_UNDEFINED;
  data->length = JS_NewAtom(ctx, "length");
  object_class = class_and_proto(ctx, JS_NewObject(ctx), &data->object_proto);
  array_class = class_and_proto(ctx, JS_NewArray(ctx), &data->array_proto);
  uint8_class = class_and_proto(ctx, JS_NewTypedArray(ctx, 0, NULL, JS_TYPED_ARRAY_UINT8), &data->uint8_proto);
  JS_SetContextOpaque(ctx, data);
  JSValue global = JS_GetGlobalObject(ctx);
  data->bigint = JS_GetPropertyStr(ctx, global, "BigInt");
  JS_SetPropertyStr(ctx, global, host_name, JS_NewCFunction(ctx, host_function, host_name, 1));
  JS_SetPropertyStr(ctx, global, "__inkFreezeAll", JS_NewCFunction(ctx, freeze_all, "__inkFreezeAll", 5));
  JS_SetPropertyStr(ctx, global, "__inkToWire", JS_NewCFunction(ctx, to_wire_function, "__inkToWire", 4));
  JS_SetPropertyStr(ctx, global, "__inkFromWire", JS_NewCFunction(ctx, from_wire_function, "__inkFromWire", 1));
  JS_SetPropertyStr(ctx, global, "__inkQuote", JS_NewCFunction(ctx, quote_function, "__inkQuote", 1));
  JS_SetPropertyStr(ctx, global, "__inkSplit", JS_NewCFunction(ctx, split_function, "__inkSplit", 1));
  JS_SetPropertyStr(ctx, global, "__inkIsKey", JS_NewCFunction(ctx, is_key_function, "__inkIsKey", 2));
  JS_SetPropertyStr(ctx, global, "__inkWritesAndEvents", JS_NewCFunction(ctx, writes_and_events_function, "__inkWritesAndEvents", 3));
  JS_FreeValue(ctx, global);
  return ctx;
}

void EXPORT(ink_free_context)(JSContext *ctx) {
  ContextData *data = JS_GetContextOpaque(ctx);
  JS_FreeValue(ctx, data->entry);
  JS_FreeValue(ctx, data->bigint);
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

/* Calls the entry point with one string (this undefined); its result, read as a string, goes to the buffer. */
int EXPORT(ink_call)(JSContext *ctx, const char *argument, size_t length) {
  ContextData *data = JS_GetContextOpaque(ctx);
  JSValue arg = JS_NewStringLen(ctx, argument, length);
  if (JS_IsException(arg)) return describe_exception(ctx);
  JSValue result = JS_Call(ctx, data->entry, JS_UNDEFINED, 1, &arg);
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

/*
 * ---- The wire form -----------------------------------------------------------------------------
 * __inkToWire(value, gasLeft, perByte, used) writes value in the sandbox wire form (vm/wire.ts)
 * exactly as the prelude's JavaScript walk (vm/prelude.ts, walkWire) does, with the same gas:
 * 1 a value, and ceil(n * perByte) + 1 more for a Uint8Array of n bytes. It returns the text
 * and sets used[0] to the gas, which the prelude then charges.
 *
 * It handles what contracts hand the bridge: strings, numbers, bigints, booleans, null, plain
 * objects and arrays of data properties, Uint8Arrays. For anything else it returns undefined:
 * a getter (contract code: C never runs it), an error case (the prelude's messages and the gas
 * charged before them stay the prelude's), an unusual object, or more gas than gasLeft (the
 * prelude's walk runs out at the exact value it would have). Nothing has happened by then, so
 * the prelude runs its walk from the start.
 */

/* The text being written, reused from call to call (no code runs while it is written). */
typedef struct { char *bytes; size_t length, capacity; } Text;
static Text wire_text;

/* A walk in progress. */
typedef struct {
  JSContext *ctx;
  const ContextData *data;
  double gas_left, gas_used, per_byte;
} WireWalk;

#define WIRE_MAX_DEPTH 64
/*
 * The longest text the native walk writes. Its buffer is plain malloc, outside QuickJS's
 * accounting, and a value can hold one long string many times over; longer texts (storage
 * writes of 16 MiB cost 64M gas) are left to the prelude's walk, whose strings the engine's
 * limits bound as before.
 */
#define WIRE_MAX_TEXT (16 << 20)

/* Appends length bytes; 0 past WIRE_MAX_TEXT or when memory runs out. */
static int append(const char *bytes, size_t length) {
  Text *t = &wire_text;
  if (length > WIRE_MAX_TEXT - t->length) return 0;
  if (t->length + length > t->capacity) {
    size_t capacity = t->capacity < 256 ? 256 : t->capacity;
    while (capacity < t->length + length) capacity *= 2;
    char *grown = realloc(t->bytes, capacity);
    if (!grown) return 0;
    t->bytes = grown;
    t->capacity = capacity;
  }
  memcpy(t->bytes + t->length, bytes, length);
  t->length += length;
  return 1;
}

static int append_char(char c) { return append(&c, 1); }

/* Charges gas to the walk; 0 when the walk would take more than is left. */
static int charge(WireWalk *w, double gas) {
  w->gas_used += gas;
  return w->gas_used <= w->gas_left;
}

/* Falls back after a failed engine call: the exception is dropped, the prelude's walk meets it again. */
static int drop_exception(JSContext *ctx) {
  JS_FreeValue(ctx, JS_GetException(ctx));
  return 0;
}

/*
 * Appends the UTF-8 form of a string as a JSON string, with tag after the opening quote when not
 * 0. Like the prelude's quote: a string of at most 64 UTF-16 units with no character JSON escapes
 * goes between quotes as it is; any other is written as JSON.stringify does (QuickJS's
 * JS_ToQuotedString): \b \t \n \f \r \" \\ and, as \u00xx, other control characters. A lone
 * surrogate (QuickJS writes the 3-byte sequence of its code unit) returns 0: the prelude refuses
 * it with its own message.
 */
static int append_quoted(const unsigned char *s, size_t length, char tag) {
  size_t units = 0;
  int escapes = 0;
  for (size_t i = 0; i < length; i++) {
    unsigned char c = s[i];
    if (c == 0xed && i + 1 < length && s[i + 1] >= 0xa0) return 0; // U+D800–U+DFFF
    if (c < 0x20 || c == '"' || c == '\\') escapes = 1;
    // A leading byte starts one UTF-16 unit, a 4-byte sequence two (a surrogate pair).
    if ((c & 0xc0) != 0x80) units += c >= 0xf0 ? 2 : 1;
  }
  if (!append_char('"') || (tag && !append_char(tag))) return 0;
  if (units <= 64 && !escapes) return append((const char *)s, length) && append_char('"');
  size_t plain = 0; // s[plain, i) is copied as it is
  for (size_t i = 0; i < length;) {
    unsigned char c = s[i];
    char escape[8];
    if (c == '"' || c == '\\') snprintf(escape, sizeof escape, "\\%c", c);
    else if (c == '\b') strcpy(escape, "\\b");
    else if (c == '\t') strcpy(escape, "\\t");
    else if (c == '\n') strcpy(escape, "\\n");
    else if (c == '\f') strcpy(escape, "\\f");
    else if (c == '\r') strcpy(escape, "\\r");
    else if (c < 0x20) snprintf(escape, sizeof escape, "\\u%04x", c);
    else { i++; continue; }
    if (!append((const char *)s + plain, i - plain) || !append(escape, strlen(escape))) return 0;
    plain = ++i;
  }
  return append((const char *)s + plain, length - plain) && append_char('"');
}

/* A string value or key, quoted (append_quoted). */
static int append_string(WireWalk *w, JSValueConst string, char tag) {
  size_t length;
  const char *utf8 = JS_ToCStringLen(w->ctx, &length, string);
  if (!utf8) return drop_exception(w->ctx);
  int ok = append_quoted((const unsigned char *)utf8, length, tag);
  JS_FreeCString(w->ctx, utf8);
  return ok;
}

/* The text of a value as `'' + v` gives it, with the engine's own conversion: a number's or BigInt's digits, a string as it is. */
static int append_text(WireWalk *w, JSValueConst number) {
  size_t length;
  const char *text = JS_ToCStringLen(w->ctx, &length, number);
  if (!text) return drop_exception(w->ctx);
  int ok = append(text, length);
  JS_FreeCString(w->ctx, text);
  return ok;
}

/* n's decimal digits (snprintf's formatting machinery cost more than the digits). */
static int append_integer(long long n) {
  char digits[24], *end = digits + sizeof digits, *start = end;
  unsigned long long m = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
  do *--start = (char)('0' + m % 10); while ((m /= 10) != 0);
  if (n < 0) *--start = '-';
  return append(start, (size_t)(end - start));
}

/* A finite number; NaN and ±Infinity are the prelude's error. */
static int append_number(WireWalk *w, JSValueConst number) {
  if (JS_VALUE_GET_TAG(number) == JS_TAG_INT) return append_integer(JS_VALUE_GET_INT(number));
  double d = JS_VALUE_GET_FLOAT64(number);
  if (!isfinite(d)) return 0;
  // Below 2^53 an integral double's text is its digits (-0 is "0"), without the engine's dtoa.
  if (d == trunc(d) && fabs(d) < 9007199254740992.0) return append_integer((long long)d);
  return append_text(w, number);
}

static int append_bigint(WireWalk *w, JSValueConst bigint) {
  if (!append("\"n", 2)) return 0;
  int ok = JS_VALUE_GET_TAG(bigint) == JS_TAG_SHORT_BIG_INT ? append_integer(JS_VALUE_GET_SHORT_BIG_INT(bigint)) : append_text(w, bigint);
  return ok && append_char('"');
}

/* The value of an own data property; 0 (nothing to free) when it is missing or an accessor. */
static int own_data_property(WireWalk *w, JSValueConst object, JSAtom key, JSValue *value) {
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

static int append_value(WireWalk *w, JSValueConst value, int depth);

/* Array elements, read like the prelude: 0 to length - 1, a hole being its error. */
static int append_elements(WireWalk *w, JSValueConst array, int depth) {
  JSValue length = JS_GetProperty(w->ctx, array, w->data->length);
  if (JS_VALUE_GET_TAG(length) != JS_TAG_INT) { JS_FreeValue(w->ctx, length); return 0; } // 2^31 or more: holes
  int n = JS_VALUE_GET_INT(length);
  if (!append_char('[')) return 0;
  for (int i = 0; i < n; i++) {
    JSValue item;
    JSAtom index = JS_NewAtomUInt32(w->ctx, i);
    int found = own_data_property(w, array, index, &item);
    JS_FreeAtom(w->ctx, index);
    if (!found) return 0;
    int ok = (i == 0 || append_char(',')) && append_value(w, item, depth + 1);
    JS_FreeValue(w->ctx, item);
    if (!ok) return 0;
  }
  return append_char(']');
}

/* An object key, quoted like a string (append_quoted), then its colon. */
static int append_key(WireWalk *w, JSAtom atom) {
  JSValue key = JS_AtomToString(w->ctx, atom);
  if (JS_IsException(key)) return drop_exception(w->ctx);
  int ok = append_string(w, key, 0) && append_char(':');
  JS_FreeValue(w->ctx, key);
  return ok;
}

/* A plain object's own enumerable string keys in Object.keys order, each with its value. */
static int append_members(WireWalk *w, JSValueConst object, int depth) {
  JSPropertyEnum *keys;
  uint32_t count;
  if (JS_GetOwnPropertyNames(w->ctx, &keys, &count, object, JS_GPN_STRING_MASK | JS_GPN_ENUM_ONLY) < 0) return drop_exception(w->ctx);
  int ok = append_char('{');
  for (uint32_t i = 0; ok && i < count; i++) {
    JSValue item;
    ok = (i == 0 || append_char(',')) && append_key(w, keys[i].atom) && own_data_property(w, object, keys[i].atom, &item);
    if (ok) {
      ok = append_value(w, item, depth + 1);
      JS_FreeValue(w->ctx, item);
    }
  }
  free_keys(w->ctx, keys, count);
  return ok && append_char('}');
}

/* A Uint8Array as "x" and lowercase hex, its length read like the prelude's (the prototype's getter). */
static int append_bytes(WireWalk *w, JSValueConst array) {
  JSContext *ctx = w->ctx;
  // An own "length" would be what the prelude's v.length reads, perhaps a getter.
  int own_length = JS_GetOwnProperty(ctx, NULL, array, w->data->length);
  if (own_length != 0) return own_length < 0 ? drop_exception(ctx) : 0;
  JSValue length = JS_GetProperty(ctx, array, w->data->length);
  if (JS_VALUE_GET_TAG(length) != JS_TAG_INT) { JS_FreeValue(ctx, length); return 0; }
  int n = JS_VALUE_GET_INT(length);
  if (!charge(w, ceil(n * w->per_byte) + 1) || !append("\"x", 2)) return 0;
  if (n > 0) {
    size_t offset, size;
    JSValue buffer = JS_GetTypedArrayBuffer(ctx, array, &offset, NULL, NULL);
    if (JS_IsException(buffer)) return drop_exception(ctx);
    const uint8_t *bytes = JS_GetArrayBuffer(ctx, &size, buffer);
    JS_FreeValue(ctx, buffer);
    if (!bytes) return drop_exception(ctx);
    if (offset + n > size) return 0;
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < n; i++) {
      char pair[2] = { hex[bytes[offset + i] >> 4], hex[bytes[offset + i] & 15] };
      if (!append(pair, 2)) return 0;
    }
  }
  return append_char('"');
}

/* One value, at depth (the prelude's order: the depth limit, the gas, then the value). */
static int append_value(WireWalk *w, JSValueConst value, int depth) {
  if (depth > WIRE_MAX_DEPTH || !charge(w, 1)) return 0;
  switch (JS_VALUE_GET_NORM_TAG(value)) { // floats are NaN-boxed on wasm32
    case JS_TAG_STRING:
    case JS_TAG_STRING_ROPE: return append_string(w, value, 's');
    case JS_TAG_INT:
    case JS_TAG_FLOAT64: return append_number(w, value);
    case JS_TAG_SHORT_BIG_INT:
    case JS_TAG_BIG_INT: return append_bigint(w, value);
    case JS_TAG_BOOL: return JS_VALUE_GET_BOOL(value) ? append("true", 4) : append("false", 5);
    case JS_TAG_NULL: return append("null", 4);
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
 * The text written, as a string; undefined when the walk failed (ok 0) or memory ran out (the
 * prelude's code then meets that itself). A large text's buffer is not kept for the next call.
 */
static JSValue written_text(JSContext *ctx, int ok) {
  JSValue text = ok ? JS_NewStringLen(ctx, wire_text.bytes, wire_text.length) : JS_UNDEFINED;
  if (wire_text.capacity > 65536) { free(wire_text.bytes); wire_text = (Text){ 0 }; }
  if (JS_IsException(text)) { drop_exception(ctx); return JS_UNDEFINED; }
  return text;
}

static JSValue to_wire_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  WireWalk w = { ctx, JS_GetContextOpaque(ctx), 0, 0, 0 };
  if (argc != 4 || JS_ToFloat64(ctx, &w.gas_left, argv[1]) || JS_ToFloat64(ctx, &w.per_byte, argv[2])) {
    return JS_ThrowTypeError(ctx, "__inkToWire(value, gasLeft, perByte, used)");
  }
  wire_text.length = 0;
  JSValue text = written_text(ctx, append_value(&w, argv[0], 0));
  if (!JS_IsUndefined(text) && JS_SetPropertyUint32(ctx, argv[3], 0, JS_NewFloat64(ctx, w.gas_used)) < 0) {
    JS_FreeValue(ctx, text);
    return JS_EXCEPTION;
  }
  return text;
}

/* The length of a list the prelude made (an array of at most 2^31 - 1 items); 0 when it is not one. */
static int list_length(JSContext *ctx, const ContextData *data, JSValueConst list, uint32_t *length) {
  if (JS_GetClassID(list) != array_class) return 0;
  JSValue n = JS_GetProperty(ctx, list, data->length);
  if (JS_VALUE_GET_TAG(n) != JS_TAG_INT) { JS_FreeValue(ctx, n); return 0; }
  *length = JS_VALUE_GET_INT(n);
  return 1;
}

/* One buffered write: [key, wire] or, for a deletion (wire null), [key]. */
static int append_write(WireWalk *w, JSValueConst key, JSValueConst local) {
  if (!JS_IsString(key)) return 0;
  JSAtom atom = JS_ValueToAtom(w->ctx, key);
  if (atom == JS_ATOM_NULL) return drop_exception(w->ctx);
  JSValue wire = JS_GetProperty(w->ctx, local, atom);
  JS_FreeAtom(w->ctx, atom);
  int ok = (JS_IsNull(wire) || JS_IsString(wire)) && append_char('[') && append_string(w, key, 0) &&
           (JS_IsNull(wire) || (append_char(',') && append_text(w, wire))) && append_char(']');
  JS_FreeValue(w->ctx, wire);
  return ok;
}

/*
 * __inkWritesAndEvents(pending, local, events): the prelude's writesAndEvents, natively: the
 * members "w":[…],"e":[…] of the envelope and of a flush, from the keys written (pending), their
 * wire texts or null (local) and the events' texts. No gas: the prelude charged for them as they
 * were buffered. Undefined for a text longer than WIRE_MAX_TEXT (the prelude then writes it).
 */
static JSValue writes_and_events_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  WireWalk w = { ctx, JS_GetContextOpaque(ctx), 0, 0, 0 };
  uint32_t writes, events;
  if (argc != 3 || !list_length(ctx, w.data, argv[0], &writes) || !list_length(ctx, w.data, argv[2], &events) || !JS_IsObject(argv[1])) {
    return JS_ThrowTypeError(ctx, "__inkWritesAndEvents(pending, local, events)");
  }
  wire_text.length = 0;
  int ok = append("\"w\":[", 5);
  for (uint32_t i = 0; ok && i < writes; i++) {
    JSValue key = JS_GetPropertyUint32(ctx, argv[0], i);
    ok = (i == 0 || append_char(',')) && append_write(&w, key, argv[1]);
    JS_FreeValue(ctx, key);
  }
  ok = ok && append("],\"e\":[", 7);
  for (uint32_t i = 0; ok && i < events; i++) {
    JSValue event = JS_GetPropertyUint32(ctx, argv[2], i);
    ok = JS_IsString(event) && (i == 0 || append_char(',')) && append_text(&w, event);
    JS_FreeValue(ctx, event);
  }
  return written_text(ctx, ok && append_char(']'));
}

/*
 * __inkFromWire(text) is the prelude's fromWire after its charge (which goes by the text's
 * length alone): a scalar string without escapes is one tagged value, a flat list of plain
 * ASCII ones (tagged_list) their array, anything else is JSON.parse'd (the same parser: JSON.parse is JS_ParseJSON) and each string in it replaced by
 * its tagged value. It returns undefined, never a wire value, for what it does not reproduce
 * exactly: malformed text, tags or bodies, a BigInt not in canonical decimal, nesting beyond the
 * wire form's; the prelude then decodes the text itself, meeting the same error. It runs no
 * contract code.
 */

/* A canonical decimal BigInt (-?(0|[1-9][0-9]*), not -0), as BigInt(text) makes it. */
static JSValue bigint_value(JSContext *ctx, const ContextData *data, const char *text, size_t length) {
  size_t sign = length > 0 && text[0] == '-', digits = length - sign;
  if (digits == 0 || (text[sign] == '0' && (digits > 1 || sign))) return JS_UNDEFINED;
  long long n = 0;
  for (size_t i = sign; i < length; i++) {
    if (text[i] < '0' || text[i] > '9') return JS_UNDEFINED;
    // Exact up to 18 digits; longer ones go to BigInt (and must not overflow n meanwhile).
    if (digits <= 18) n = n * 10 + (text[i] - '0');
  }
  if (digits <= 18) return JS_NewBigInt64(ctx, sign ? -n : n);
  JSValue string = JS_NewStringLen(ctx, text, length);
  if (JS_IsException(string)) return string;
  JSValue value = JS_Call(ctx, data->bigint, JS_UNDEFINED, 1, &string);
  JS_FreeValue(ctx, string);
  return value;
}

static int hex_digit(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Pairs of hex digits as a Uint8Array. */
static JSValue bytes_value(JSContext *ctx, const char *hex, size_t length) {
  if (length % 2) return JS_UNDEFINED;
  for (size_t i = 0; i < length; i++) if (hex_digit(hex[i]) < 0) return JS_UNDEFINED;
  JSValue count = JS_NewInt64(ctx, length / 2);
  JSValue array = JS_NewTypedArray(ctx, 1, &count, JS_TYPED_ARRAY_UINT8);
  if (JS_IsException(array) || length == 0) return array;
  size_t offset, size;
  JSValue buffer = JS_GetTypedArrayBuffer(ctx, array, &offset, NULL, NULL);
  uint8_t *bytes = JS_IsException(buffer) ? NULL : JS_GetArrayBuffer(ctx, &size, buffer);
  JS_FreeValue(ctx, buffer);
  if (!bytes) { JS_FreeValue(ctx, array); return JS_EXCEPTION; }
  for (size_t i = 0; i < length / 2; i++) bytes[offset + i] = hex_digit(hex[2 * i]) << 4 | hex_digit(hex[2 * i + 1]);
  return array;
}

/* The value of a tagged wire string: s text, n BigInt, x bytes; JS_UNDEFINED for anything else. */
static JSValue tagged_value(JSContext *ctx, const ContextData *data, const char *tagged, size_t length) {
  if (length == 0) return JS_UNDEFINED;
  switch (tagged[0]) {
    case 's': return JS_NewStringLen(ctx, tagged + 1, length - 1);
    case 'n': return bigint_value(ctx, data, tagged + 1, length - 1);
    case 'x': return bytes_value(ctx, tagged + 1, length - 1);
  }
  return JS_UNDEFINED;
}

/* The tagged value of a string in a parsed tree; JS_UNDEFINED or JS_EXCEPTION to fall back. */
static JSValue tagged_string(JSContext *ctx, const ContextData *data, JSValueConst string) {
  size_t length;
  const char *utf8 = JS_ToCStringLen(ctx, &length, string);
  if (!utf8) return JS_EXCEPTION;
  JSValue value = tagged_value(ctx, data, utf8, length);
  JS_FreeCString(ctx, utf8);
  return value;
}

static int revive_children(JSContext *ctx, const ContextData *data, JSValueConst tree, int depth);

/*
 * One child of a parsed tree (taken): a container is revived in place, and *tagged is a string's
 * tagged value, to be put in its place (JS_UNDEFINED for anything else). 0 to fall back.
 */
static int revive_child(JSContext *ctx, const ContextData *data, JSValue child, int depth, JSValue *tagged) {
  *tagged = JS_UNDEFINED;
  int ok = !JS_IsException(child);
  if (JS_IsString(child)) {
    *tagged = tagged_string(ctx, data, child);
    ok = !JS_IsUndefined(*tagged) && !JS_IsException(*tagged);
  } else if (JS_IsObject(child)) {
    ok = revive_children(ctx, data, child, depth + 1);
  }
  JS_FreeValue(ctx, child);
  return ok;
}

/* Every string below an array or object JSON.parse made, replaced by its tagged value. */
static int revive_children(JSContext *ctx, const ContextData *data, JSValueConst tree, int depth) {
  if (depth > WIRE_MAX_DEPTH + 1) return 0; // an argument list holds values of the full depth
  JSValue tagged;
  if (JS_GetClassID(tree) == array_class) {
    JSValue length = JS_GetProperty(ctx, tree, data->length);
    uint32_t n = JS_VALUE_GET_TAG(length) == JS_TAG_INT ? JS_VALUE_GET_INT(length) : 0;
    for (uint32_t i = 0; i < n; i++) {
      if (!revive_child(ctx, data, JS_GetPropertyUint32(ctx, tree, i), depth, &tagged)) return 0;
      if (!JS_IsUndefined(tagged) && JS_SetPropertyUint32(ctx, tree, i, tagged) < 0) return 0;
    }
    return 1;
  }
  JSPropertyEnum *keys;
  uint32_t count;
  if (JS_GetOwnPropertyNames(ctx, &keys, &count, tree, JS_GPN_STRING_MASK | JS_GPN_ENUM_ONLY) < 0) return 0;
  int ok = 1;
  for (uint32_t i = 0; ok && i < count; i++) {
    ok = revive_child(ctx, data, JS_GetProperty(ctx, tree, keys[i].atom), depth, &tagged);
    // Defined, not assigned, like the prelude's revive: a "__proto__" key is an own property like any other.
    if (ok && !JS_IsUndefined(tagged)) ok = JS_DefinePropertyValue(ctx, tree, keys[i].atom, tagged, JS_PROP_C_W_E) >= 0;
  }
  free_keys(ctx, keys, count);
  return ok;
}

/*
 * A flat list of tagged strings in printable ASCII without escapes or spaces, as every call's
 * arguments of strings and bigints are (["s0x…","n25"]): its array, decoded without JSON.parse's
 * tree and a second pass over it. JS_UNDEFINED for any other text (JSON.parse decodes it then),
 * JS_EXCEPTION with the exception pending.
 */
static JSValue tagged_list(JSContext *ctx, const ContextData *data, const char *text, size_t length) {
  if (length < 2 || text[0] != '[' || text[length - 1] != ']') return JS_UNDEFINED;
  for (size_t i = 1; i < length - 1; i++) {
    if (text[i] < 0x20 || text[i] > 0x7e || text[i] == '\\') return JS_UNDEFINED;
  }
  JSValue list = JS_NewArray(ctx);
  if (JS_IsException(list)) return list;
  const char *at = text + 1, *last = text + length - 1; // last: the closing bracket
  for (uint32_t index = 0; at < last; index++) {
    // An item is '"', its tag and body, '"'; a comma follows unless it is the last.
    const char *close = *at == '"' ? memchr(at + 1, '"', last - (at + 1)) : NULL;
    int well_formed = close != NULL && (close + 1 == last || (close[1] == ',' && close + 2 < last));
    JSValue item = well_formed ? tagged_value(ctx, data, at + 1, close - (at + 1)) : JS_UNDEFINED;
    if (JS_IsUndefined(item) || JS_IsException(item) || JS_DefinePropertyValueUint32(ctx, list, index, item, JS_PROP_C_W_E) < 0) {
      JS_FreeValue(ctx, list);
      return JS_IsUndefined(item) ? JS_UNDEFINED : JS_EXCEPTION; // the caller drops the exception
    }
    at = close + 2;
  }
  return list;
}

/* The decoded value, or undefined (any exception dropped) for the prelude to decode instead. */
static JSValue from_wire_function(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv) {
  const ContextData *data = JS_GetContextOpaque(ctx);
  if (argc != 1 || !JS_IsString(argv[0])) return JS_ThrowTypeError(ctx, "__inkFromWire(text)");
  size_t length;
  const char *text = JS_ToCStringLen(ctx, &length, argv[0]);
  if (!text) return JS_EXCEPTION;
  JSValue value;
  if (length > 0 && text[0] == '"' && !memchr(text, '\\', length)) {
    // A scalar without escapes (most storage values): the string between the quotes, untouched.
    value = text[length - 1] == '"' ? tagged_value(ctx, data, text + 1, length < 2 ? 0 : length - 2) : JS_UNDEFINED;
  } else if (JS_IsUndefined(value = tagged_list(ctx, data, text, length))) {
    value = JS_ParseJSON(ctx, text, length, "<input>");
    if (JS_IsString(value)) {
      JSValue string = value;
      value = tagged_string(ctx, data, string);
      JS_FreeValue(ctx, string);
    } else if (JS_IsObject(value) && !revive_children(ctx, data, value, 0)) {
      JS_FreeValue(ctx, value);
      value = JS_UNDEFINED;
    }
  }
  JS_FreeCString(ctx, text);
  if (JS_HasException(ctx)) {
    JS_FreeValue(ctx, value);
    drop_exception(ctx);
    return JS_UNDEFINED;
  }
  return value;
}
