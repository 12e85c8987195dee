// bn254 pairing engine for WebAssembly: Montgomery arithmetic on 9 × 29-bit limbs, the tower
// Fp¹² = Fp⁶[w]/(w² − v), Fp⁶ = Fp²[v]/(v³ − ξ), Fp² = Fp[u]/(u² + 1), ξ = 9 + u (EIP-197,
// noble-curves), the optimal ate Miller loop, the final exponentiation and the G2 subgroup test.
//
// Why wasm: V8 reduces a 254-bit bigint mod p in ~320 ns, so even the lazily reduced bigint
// tower this replaces spent ~11 ms on a Groth16 check; here it takes less than half of that.
// Integer wasm is bit-exact on every engine (Node and browsers): results are identical everywhere.
//
// The formulas are those of noble-curves (its tower and line steps,
// Granger–Scott cyclotomic squaring, noble's final-exponentiation chain), so Miller values and
// pairings equal noble-curves' bit for bit; test/stdlib/zkp/_bn254-wasm.test.ts checks that.
//
// Constants that are derived (p, −p⁻¹ mod 2²⁹, R² mod p, b′, ψ and Frobenius coefficients, the
// NAF digits of 6x + 2 and x) are computed in TypeScript (_bn254-wasm.ts) and written into
// `consts` once at start, so this file holds only algorithms. No allocation, no imports.
// Build: stdlib/zkp/wasm/build.sh.
#include <stdint.h>

typedef uint32_t u32;
typedef uint64_t u64;
#define LIMBS 9
#define BITS 29
#define MASK ((1u << BITS) - 1)
/** An element of Fp: 9 limbs of 29 bits, little-endian (261 bits: products of limbs fit 58 bits). */
typedef struct { u32 v[LIMBS]; } fp;
typedef struct { fp c0, c1; } fp2;
typedef struct { fp2 c0, c1, c2; } fp6;
typedef struct { fp6 c0, c1; } fp12;

#define INLINE static inline __attribute__((always_inline))
#define EXPORT(name) __attribute__((export_name(#name)))

// ── constants written by the host (layout mirrored in _bn254-wasm.ts) ──
static struct {
  fp p;            // the modulus
  fp r2;           // R² mod p, R = 2²⁶¹
  fp one;          // R mod p (1 in Montgomery form)
  u32 n0;          // −p⁻¹ mod 2²⁹
  fp2 b2;          // b′ = 3/ξ
  fp2 psi_x, psi_y;        // ψ(x, y) = (x̄·psi_x, ȳ·psi_y)
  fp2 frob[3][5];  // for k = 1..3: γ², γ⁴, γ, γ³, γ⁵ with γ = ξ^((pᵏ−1)/6)
  int32_t ate_naf[80];     // NAF of 6x + 2, most significant first without the leading 1
  int32_t ate_len;
  int32_t x_naf[80];       // NAF of x
  int32_t x_len;
} consts;

EXPORT(consts_ptr) u32 consts_ptr(void) { return (u32)(uintptr_t)&consts; }

extern unsigned char __heap_base;
EXPORT(heap_base) u32 heap_base(void) { return (u32)(uintptr_t)&__heap_base; }

// ── Fp ──
//
// Montgomery arithmetic on 29-bit limbs (G. Mitscha-Baude, "Montgomery multiplication in
// WebAssembly", ZPrize 2022): wasm multiplies 32 × 32 → 64 bits at best, and with 29-bit limbs
// the 81 partial products of a product and the 81 of its reduction accumulate in 64-bit words
// without carry handling; carries are propagated once at the end. About twice as fast as
// 32-bit limbs with a carry after every product.

/** r = a mod p for a < 2p given as normalized limbs. */
INLINE void fp_reduce_once(fp *r, const u32 *a) {
  u32 d[LIMBS];
  int32_t borrow = 0;
  for (int i = 0; i < LIMBS; i++) {
    int32_t t = (int32_t)a[i] - (int32_t)consts.p.v[i] + borrow;
    d[i] = (u32)t & MASK;
    borrow = t >> BITS;  // arithmetic shift: 0 or −1
  }
  if (borrow == 0) for (int i = 0; i < LIMBS; i++) r->v[i] = d[i];
  else for (int i = 0; i < LIMBS; i++) r->v[i] = a[i];
}

static void fp_add(fp *r, const fp *a, const fp *b) {
  u32 s[LIMBS];
  u32 c = 0;
  for (int i = 0; i < LIMBS; i++) {
    c += a->v[i] + b->v[i];
    s[i] = c & MASK;
    c >>= BITS;
  }
  fp_reduce_once(r, s);
}

static void fp_sub(fp *r, const fp *a, const fp *b) {
  u32 s[LIMBS];
  int32_t borrow = 0;
  for (int i = 0; i < LIMBS; i++) {
    int32_t t = (int32_t)a->v[i] - (int32_t)b->v[i] + borrow;
    s[i] = (u32)t & MASK;
    borrow = t >> BITS;
  }
  if (borrow) {
    u32 c = 0;
    for (int i = 0; i < LIMBS; i++) {
      c += s[i] + consts.p.v[i];
      s[i] = c & MASK;
      c >>= BITS;
    }
  }
  for (int i = 0; i < LIMBS; i++) r->v[i] = s[i];
}

INLINE int fp_is_zero(const fp *a) {
  u32 x = 0;
  for (int i = 0; i < LIMBS; i++) x |= a->v[i];
  return x == 0;
}

INLINE int fp_eq(const fp *a, const fp *b) {
  u32 x = 0;
  for (int i = 0; i < LIMBS; i++) x |= a->v[i] ^ b->v[i];
  return x == 0;
}

INLINE void fp_neg(fp *r, const fp *a) {
  fp zero = {{0}};
  fp_sub(r, &zero, a);
}

INLINE void fp_dbl(fp *r, const fp *a) { fp_add(r, a, a); }

/** a/2: (a + p)/2 for odd a (the representative halves; Montgomery form commutes with it). */
INLINE void fp_half(fp *r, const fp *a) {
  u32 s[LIMBS];
  u32 odd = a->v[0] & 1, c = 0;
  for (int i = 0; i < LIMBS; i++) {
    c += a->v[i] + (odd ? consts.p.v[i] : 0);
    s[i] = c & MASK;
    c >>= BITS;
  }
  for (int i = 0; i < LIMBS - 1; i++) r->v[i] = (s[i] >> 1) | ((s[i + 1] & 1) << (BITS - 1));
  r->v[LIMBS - 1] = s[LIMBS - 1] >> 1;
}

/** Montgomery product a·b·R⁻¹ mod p, R = 2²⁶¹ (operand scanning, carries deferred). */
static void fp_mul(fp *r, const fp *a, const fp *b) {
  u64 t[LIMBS] = {0};
  const u32 *p = consts.p.v;
  const u32 n0 = consts.n0;
#pragma clang loop unroll(full)
  for (int i = 0; i < LIMBS; i++) {
    const u64 bi = b->v[i];
#pragma clang loop unroll(full)
    for (int j = 0; j < LIMBS; j++) t[j] += (u64)a->v[j] * bi;
    const u64 m = ((u32)t[0] * n0) & MASK;
#pragma clang loop unroll(full)
    for (int j = 0; j < LIMBS; j++) t[j] += m * p[j];
    // t[0] is now divisible by 2²⁹: shift down one limb, carrying its high part
    const u64 c = t[0] >> BITS;
#pragma clang loop unroll(full)
    for (int j = 0; j < LIMBS - 1; j++) t[j] = t[j + 1];
    t[0] += c;
    t[LIMBS - 1] = 0;
  }
  u32 s[LIMBS];
  u64 c = 0;
  for (int i = 0; i < LIMBS; i++) {
    c += t[i];
    s[i] = (u32)c & MASK;
    c >>= BITS;
  }
  fp_reduce_once(r, s);
}

INLINE void fp_sqr(fp *r, const fp *a) { fp_mul(r, a, a); }

/** a^(p−2) = a⁻¹ (Fermat; once per final exponentiation). */
static void fp_inv(fp *r, const fp *a) {
  fp e = consts.p;
  // e = p − 2 (p's lowest limb is odd and > 2: no borrow)
  e.v[0] -= 2;
  fp acc = consts.one;
  for (int i = LIMBS * BITS - 1; i >= 0; i--) {
    fp_sqr(&acc, &acc);
    if ((e.v[i / BITS] >> (i % BITS)) & 1) fp_mul(&acc, &acc, a);
  }
  *r = acc;
}

// ── Fp² ──

INLINE void f2_add(fp2 *r, const fp2 *a, const fp2 *b) { fp_add(&r->c0, &a->c0, &b->c0); fp_add(&r->c1, &a->c1, &b->c1); }
INLINE void f2_sub(fp2 *r, const fp2 *a, const fp2 *b) { fp_sub(&r->c0, &a->c0, &b->c0); fp_sub(&r->c1, &a->c1, &b->c1); }
INLINE void f2_neg(fp2 *r, const fp2 *a) { fp_neg(&r->c0, &a->c0); fp_neg(&r->c1, &a->c1); }
INLINE void f2_dbl(fp2 *r, const fp2 *a) { fp_dbl(&r->c0, &a->c0); fp_dbl(&r->c1, &a->c1); }
INLINE void f2_half(fp2 *r, const fp2 *a) { fp_half(&r->c0, &a->c0); fp_half(&r->c1, &a->c1); }
INLINE void f2_conj(fp2 *r, const fp2 *a) { r->c0 = a->c0; fp_neg(&r->c1, &a->c1); }
INLINE int f2_is_zero(const fp2 *a) { return fp_is_zero(&a->c0) && fp_is_zero(&a->c1); }
INLINE int f2_eq(const fp2 *a, const fp2 *b) { return fp_eq(&a->c0, &b->c0) && fp_eq(&a->c1, &b->c1); }
INLINE void f2_triple(fp2 *r, const fp2 *a) { fp2 t; f2_dbl(&t, a); f2_add(r, &t, a); }

/** Karatsuba: 3 products. */
static void f2_mul(fp2 *r, const fp2 *a, const fp2 *b) {
  fp t0, t1, s0, s1;
  fp_mul(&t0, &a->c0, &b->c0);
  fp_mul(&t1, &a->c1, &b->c1);
  fp_add(&s0, &a->c0, &a->c1);
  fp_add(&s1, &b->c0, &b->c1);
  fp_mul(&s0, &s0, &s1);
  fp_sub(&r->c0, &t0, &t1);
  fp_sub(&s0, &s0, &t0);
  fp_sub(&r->c1, &s0, &t1);
}

/** (a0 + a1)(a0 − a1) + 2·a0·a1·u: 2 products. */
static void f2_sqr(fp2 *r, const fp2 *a) {
  fp s, d, m;
  fp_add(&s, &a->c0, &a->c1);
  fp_sub(&d, &a->c0, &a->c1);
  fp_mul(&m, &a->c0, &a->c1);
  fp_mul(&r->c0, &s, &d);
  fp_dbl(&r->c1, &m);
}

INLINE void f2_mul_fp(fp2 *r, const fp2 *a, const fp *b) { fp_mul(&r->c0, &a->c0, b); fp_mul(&r->c1, &a->c1, b); }

/** 9·a by doublings: 8a + a. */
INLINE void fp_mul9(fp *r, const fp *a) {
  fp t;
  fp_dbl(&t, a);
  fp_dbl(&t, &t);
  fp_dbl(&t, &t);
  fp_add(r, &t, a);
}

/** a·ξ = (9a0 − a1) + (a0 + 9a1)·u. */
INLINE void f2_mul_xi(fp2 *r, const fp2 *a) {
  fp t0, t1;
  fp_mul9(&t0, &a->c0);
  fp_mul9(&t1, &a->c1);
  fp_sub(&t0, &t0, &a->c1);
  fp_add(&r->c1, &t1, &a->c0);
  r->c0 = t0;
}

static void f2_inv(fp2 *r, const fp2 *a) {
  fp t0, t1;
  fp_sqr(&t0, &a->c0);
  fp_sqr(&t1, &a->c1);
  fp_add(&t0, &t0, &t1);
  fp_inv(&t0, &t0);
  fp_mul(&r->c0, &a->c0, &t0);
  fp_mul(&t1, &a->c1, &t0);
  fp_neg(&r->c1, &t1);
}

// ── Fp⁶ ──

static void f6_add(fp6 *r, const fp6 *a, const fp6 *b) { f2_add(&r->c0, &a->c0, &b->c0); f2_add(&r->c1, &a->c1, &b->c1); f2_add(&r->c2, &a->c2, &b->c2); }
static void f6_sub(fp6 *r, const fp6 *a, const fp6 *b) { f2_sub(&r->c0, &a->c0, &b->c0); f2_sub(&r->c1, &a->c1, &b->c1); f2_sub(&r->c2, &a->c2, &b->c2); }
static void f6_neg(fp6 *r, const fp6 *a) { f2_neg(&r->c0, &a->c0); f2_neg(&r->c1, &a->c1); f2_neg(&r->c2, &a->c2); }

/** a·v = (ξ·a2, a0, a1). */
static void f6_mul_v(fp6 *r, const fp6 *a) {
  fp2 t;
  f2_mul_xi(&t, &a->c2);
  r->c2 = a->c1;
  r->c1 = a->c0;
  r->c0 = t;
}

/** Karatsuba over Fp²: 6 Fp² products. */
static void f6_mul(fp6 *r, const fp6 *a, const fp6 *b) {
  fp2 v0, v1, v2, s, t, c0, c1, c2;
  f2_mul(&v0, &a->c0, &b->c0);
  f2_mul(&v1, &a->c1, &b->c1);
  f2_mul(&v2, &a->c2, &b->c2);
  // c0 = v0 + ξ·((a1 + a2)(b1 + b2) − v1 − v2)
  f2_add(&s, &a->c1, &a->c2);
  f2_add(&t, &b->c1, &b->c2);
  f2_mul(&s, &s, &t);
  f2_sub(&s, &s, &v1);
  f2_sub(&s, &s, &v2);
  f2_mul_xi(&s, &s);
  f2_add(&c0, &s, &v0);
  // c1 = (a0 + a1)(b0 + b1) − v0 − v1 + ξ·v2
  f2_add(&s, &a->c0, &a->c1);
  f2_add(&t, &b->c0, &b->c1);
  f2_mul(&s, &s, &t);
  f2_sub(&s, &s, &v0);
  f2_sub(&s, &s, &v1);
  f2_mul_xi(&t, &v2);
  f2_add(&c1, &s, &t);
  // c2 = (a0 + a2)(b0 + b2) − v0 + v1 − v2
  f2_add(&s, &a->c0, &a->c2);
  f2_add(&t, &b->c0, &b->c2);
  f2_mul(&s, &s, &t);
  f2_sub(&s, &s, &v0);
  f2_add(&s, &s, &v1);
  f2_sub(&c2, &s, &v2);
  r->c0 = c0;
  r->c1 = c1;
  r->c2 = c2;
}

/** (x0 + x1·v + x2·v²)(y0 + y1·v): 5 Fp² products. */
static void f6_mul01(fp6 *r, const fp6 *x, const fp2 *y0, const fp2 *y1) {
  fp2 m0, m1, s, t, c0, c1, c2;
  f2_mul(&m0, &x->c0, y0);
  f2_mul(&m1, &x->c1, y1);
  // c0 = ξ·((x1 + x2)·y1 − m1) + m0
  f2_add(&s, &x->c1, &x->c2);
  f2_mul(&s, &s, y1);
  f2_sub(&s, &s, &m1);
  f2_mul_xi(&s, &s);
  f2_add(&c0, &s, &m0);
  // c1 = (x0 + x1)(y0 + y1) − m0 − m1
  f2_add(&s, &x->c0, &x->c1);
  f2_add(&t, y0, y1);
  f2_mul(&s, &s, &t);
  f2_sub(&s, &s, &m0);
  f2_sub(&c1, &s, &m1);
  // c2 = (x0 + x2)·y0 − m0 + m1
  f2_add(&s, &x->c0, &x->c2);
  f2_mul(&s, &s, y0);
  f2_sub(&s, &s, &m0);
  f2_add(&c2, &s, &m1);
  r->c0 = c0;
  r->c1 = c1;
  r->c2 = c2;
}

static void f6_mul_f2(fp6 *r, const fp6 *a, const fp2 *b) {
  f2_mul(&r->c0, &a->c0, b);
  f2_mul(&r->c1, &a->c1, b);
  f2_mul(&r->c2, &a->c2, b);
}

static void f6_inv(fp6 *r, const fp6 *a) {
  fp2 t0, t1, t2, s, d;
  // t0 = a0² − ξ·a1·a2, t1 = ξ·a2² − a0·a1, t2 = a1² − a0·a2
  f2_sqr(&t0, &a->c0);
  f2_mul(&s, &a->c1, &a->c2);
  f2_mul_xi(&s, &s);
  f2_sub(&t0, &t0, &s);
  f2_sqr(&t1, &a->c2);
  f2_mul_xi(&t1, &t1);
  f2_mul(&s, &a->c0, &a->c1);
  f2_sub(&t1, &t1, &s);
  f2_sqr(&t2, &a->c1);
  f2_mul(&s, &a->c0, &a->c2);
  f2_sub(&t2, &t2, &s);
  // d = a0·t0 + ξ·(a2·t1 + a1·t2)
  f2_mul(&d, &a->c2, &t1);
  f2_mul(&s, &a->c1, &t2);
  f2_add(&d, &d, &s);
  f2_mul_xi(&d, &d);
  f2_mul(&s, &a->c0, &t0);
  f2_add(&d, &d, &s);
  f2_inv(&d, &d);
  f2_mul(&r->c0, &t0, &d);
  f2_mul(&r->c1, &t1, &d);
  f2_mul(&r->c2, &t2, &d);
}

// ── Fp¹² ──

static void f12_one(fp12 *r) {
  fp2 zero = {{{0}}, {{0}}};
  r->c0.c0.c0 = consts.one;
  r->c0.c0.c1 = zero.c0;
  r->c0.c1 = r->c0.c2 = zero;
  r->c1.c0 = r->c1.c1 = r->c1.c2 = zero;
}

static int f12_eq(const fp12 *a, const fp12 *b) {
  const fp *x = (const fp *)a;
  const fp *y = (const fp *)b;
  for (int i = 0; i < 12; i++) if (!fp_eq(&x[i], &y[i])) return 0;
  return 1;
}

static void f12_conj(fp12 *r, const fp12 *a) {
  r->c0 = a->c0;
  f6_neg(&r->c1, &a->c1);
}

/** (a0 + a1·w)(b0 + b1·w) = (a0b0 + v·a1b1) + ((a0 + a1)(b0 + b1) − a0b0 − a1b1)·w. */
static void f12_mul(fp12 *r, const fp12 *a, const fp12 *b) {
  fp6 t1, t2, s, t;
  f6_mul(&t1, &a->c0, &b->c0);
  f6_mul(&t2, &a->c1, &b->c1);
  f6_add(&s, &a->c0, &a->c1);
  f6_add(&t, &b->c0, &b->c1);
  f6_mul(&s, &s, &t);
  f6_sub(&s, &s, &t1);
  f6_sub(&r->c1, &s, &t2);
  f6_mul_v(&t2, &t2);
  f6_add(&r->c0, &t1, &t2);
}

/** a² = ((c0 + v·c1)(c0 + c1) − c0c1 − v·c0c1) + 2·c0c1·w. */
static void f12_sqr(fp12 *r, const fp12 *a) {
  fp6 ab, s, t;
  f6_mul(&ab, &a->c0, &a->c1);
  f6_mul_v(&s, &a->c1);
  f6_add(&s, &s, &a->c0);
  f6_add(&t, &a->c0, &a->c1);
  f6_mul(&s, &s, &t);
  f6_sub(&s, &s, &ab);
  f6_mul_v(&t, &ab);
  f6_sub(&r->c0, &s, &t);
  f6_add(&r->c1, &ab, &ab);
}

/** f · ((o0, 0, 0) + (o3, o4, 0)·w): noble's `mul034`. */
static void f12_mul_line(fp12 *f, const fp2 *o0, const fp2 *o3, const fp2 *o4) {
  fp6 t1, t2, s;
  fp2 y0;
  f6_mul_f2(&t1, &f->c0, o0);
  f6_mul01(&t2, &f->c1, o3, o4);
  f2_add(&y0, o0, o3);
  f6_add(&s, &f->c0, &f->c1);
  f6_mul01(&s, &s, &y0, o4);
  f6_sub(&s, &s, &t1);
  f6_sub(&f->c1, &s, &t2);
  f6_mul_v(&t2, &t2);
  f6_add(&f->c0, &t1, &t2);
}

static void f12_inv(fp12 *r, const fp12 *a) {
  fp6 t0, t1;
  f6_mul(&t0, &a->c0, &a->c0);
  f6_mul(&t1, &a->c1, &a->c1);
  f6_mul_v(&t1, &t1);
  f6_sub(&t0, &t0, &t1);
  f6_inv(&t0, &t0);
  f6_mul(&r->c0, &a->c0, &t0);
  f6_mul(&t1, &a->c1, &t0);
  f6_neg(&r->c1, &t1);
}

/** x ↦ x^(pᵏ), k = 1, 2, 3. */
static void f12_frobenius(fp12 *r, const fp12 *a, int k) {
  const fp2 *g = consts.frob[k - 1];
  fp2 c[6];
  const fp2 *in = (const fp2 *)a;
  for (int i = 0; i < 6; i++) {
    if (k & 1) f2_conj(&c[i], &in[i]);
    else c[i] = in[i];
  }
  fp2 *out = (fp2 *)r;
  out[0] = c[0];
  for (int i = 1; i < 6; i++) f2_mul(&out[i], &c[i], &g[i - 1]);
}

/** Fp⁴ = Fp²[s]/(s² − ξ) squaring of x + y·s: (ξ·y² + x², (x + y)² − x² − y²). */
static void f4_sqr(fp2 *r0, fp2 *r1, const fp2 *x, const fp2 *y) {
  fp2 a, b, s;
  f2_sqr(&a, x);
  f2_sqr(&b, y);
  f2_add(&s, x, y);
  f2_sqr(&s, &s);
  f2_sub(&s, &s, &a);
  f2_sub(r1, &s, &b);
  f2_mul_xi(&b, &b);
  f2_add(r0, &b, &a);
}

/** Granger–Scott cyclotomic squaring (PKC 2010 §3.2). */
static void f12_cyclotomic_sqr(fp12 *r, const fp12 *a) {
  fp2 t3, t4, t5, t6, t7, t8, t;
  f4_sqr(&t3, &t4, &a->c0.c0, &a->c1.c1);
  f4_sqr(&t5, &t6, &a->c1.c0, &a->c0.c2);
  f4_sqr(&t7, &t8, &a->c0.c1, &a->c1.c2);
  f2_mul_xi(&t8, &t8);
  // 3t − 2c for the c0 half, 3t + 2c for the c1 half
#define MINUS(out, t_, c_) f2_sub(&t, &t_, &c_); f2_dbl(&t, &t); f2_add(&out, &t, &t_);
#define PLUS(out, t_, c_) f2_add(&t, &t_, &c_); f2_dbl(&t, &t); f2_add(&out, &t, &t_);
  MINUS(r->c0.c0, t3, a->c0.c0)
  MINUS(r->c0.c1, t5, a->c0.c1)
  MINUS(r->c0.c2, t7, a->c0.c2)
  PLUS(r->c1.c0, t8, a->c1.c0)
  PLUS(r->c1.c1, t4, a->c1.c1)
  PLUS(r->c1.c2, t6, a->c1.c2)
#undef MINUS
#undef PLUS
}

static void cyclotomic_sqr_n(fp12 *a, int n) {
  for (int i = 0; i < n; i++) f12_cyclotomic_sqr(a, a);
}

/** a^x for a in the cyclotomic subgroup: noble's addition chain for x = 0x44e992b44a6909f1. */
static void cyclotomic_exp_x(fp12 *r, const fp12 *a) {
  fp12 x10, x100, x1000, x10000, x10001, x10011, x10100, x11001, x100010, x100111, x101001, t;
  f12_cyclotomic_sqr(&x10, a);
  f12_cyclotomic_sqr(&x100, &x10);
  f12_cyclotomic_sqr(&x1000, &x100);
  f12_cyclotomic_sqr(&x10000, &x1000);
  f12_mul(&x10001, &x10000, a);
  f12_mul(&x10011, &x10001, &x10);
  f12_mul(&x10100, &x10011, a);
  f12_mul(&x11001, &x1000, &x10001);
  f12_cyclotomic_sqr(&x100010, &x10001);
  f12_mul(&x100111, &x10011, &x10100);
  f12_mul(&x101001, &x10, &x100111);
  t = x100010;
  cyclotomic_sqr_n(&t, 6);
  f12_mul(&t, &t, &x100);
  f12_mul(&t, &t, &x11001);
  cyclotomic_sqr_n(&t, 7);
  f12_mul(&t, &t, &x11001);
  cyclotomic_sqr_n(&t, 8);
  f12_mul(&t, &t, &x101001);
  f12_mul(&t, &t, &x10);
  cyclotomic_sqr_n(&t, 6);
  f12_mul(&t, &t, &x10001);
  cyclotomic_sqr_n(&t, 8);
  f12_mul(&t, &t, &x101001);
  cyclotomic_sqr_n(&t, 6);
  f12_mul(&t, &t, &x101001);
  cyclotomic_sqr_n(&t, 10);
  f12_mul(&t, &t, &x100111);
  cyclotomic_sqr_n(&t, 6);
  f12_mul(&t, &t, &x101001);
  f12_mul(r, &t, &x1000);
}

static void pow_minus_x(fp12 *r, const fp12 *a) {
  cyclotomic_exp_x(r, a);
  f12_conj(r, r);
}

/** f^((p¹² − 1)/r) with noble-curves' bn254 chain (Fuentes-Castañeda, Knapp, Rodríguez-Henríquez). */
static void final_exponentiate(fp12 *out, const fp12 *f) {
  fp12 r0, r, y1, y2, y4, y6, y8, y9, t, u;
  f12_inv(&t, f);
  f12_conj(&r0, f);
  f12_mul(&r0, &r0, &t);
  f12_frobenius(&r, &r0, 2);
  f12_mul(&r, &r, &r0);
  pow_minus_x(&y1, &r);
  f12_cyclotomic_sqr(&y1, &y1);
  f12_cyclotomic_sqr(&y2, &y1);
  f12_mul(&y2, &y2, &y1);
  pow_minus_x(&y4, &y2);
  f12_cyclotomic_sqr(&t, &y4);
  pow_minus_x(&y6, &t);
  f12_conj(&y8, &y6);
  f12_mul(&y8, &y8, &y4);
  f12_conj(&t, &y2);
  f12_mul(&y8, &y8, &t);
  f12_mul(&y9, &y8, &y1);
  // frob3(conj(r)·y9) · (frob2(y8) · (frob1(y9) · (y8·y4·r)))
  f12_mul(&t, &y8, &y4);
  f12_mul(&t, &t, &r);
  f12_frobenius(&u, &y9, 1);
  f12_mul(&t, &u, &t);
  f12_frobenius(&u, &y8, 2);
  f12_mul(&t, &u, &t);
  f12_conj(&u, &r);
  f12_mul(&u, &u, &y9);
  f12_frobenius(&u, &u, 3);
  f12_mul(out, &u, &t);
}

// ── Miller loop ──

/** One line (c0, c1, c2), evaluated at P as f·((c2·y, 0, 0) + (c1·x, c0, 0)·w). */
typedef struct { fp2 c0, c1, c2; } line;

typedef struct { fp2 x, y, z; } proj;

/** Doubling step on the twist (noble's `pointDouble`), returns its line. */
static void line_double(proj *T, line *l) {
  fp2 t0, t1, t2, t3, t4, s;
  f2_sqr(&t0, &T->y);
  f2_sqr(&t1, &T->z);
  f2_triple(&t2, &t1);
  f2_mul(&t2, &t2, &consts.b2);
  f2_triple(&t3, &t2);
  f2_add(&t4, &T->y, &T->z);
  f2_sqr(&t4, &t4);
  f2_sub(&t4, &t4, &t1);
  f2_sub(&t4, &t4, &t0);
  f2_sub(&l->c0, &t2, &t0);
  f2_sqr(&s, &T->x);
  f2_triple(&l->c1, &s);
  f2_neg(&l->c2, &t4);
  // X = (t0 − t3)·X·Y/2, Y = ((t0 + t3)/2)² − 3·t2², Z = t0·t4
  f2_sub(&s, &t0, &t3);
  f2_mul(&s, &s, &T->x);
  f2_mul(&s, &s, &T->y);
  f2_half(&T->x, &s);
  f2_add(&s, &t0, &t3);
  f2_half(&s, &s);
  f2_sqr(&s, &s);
  f2_sqr(&t1, &t2);
  f2_triple(&t1, &t1);
  f2_sub(&T->y, &s, &t1);
  f2_mul(&T->z, &t0, &t4);
}

/** Addition step T + (x, y) (noble's `pointAdd`), returns its line. */
static void line_add(proj *T, line *l, const fp2 *x, const fp2 *y) {
  fp2 t0, t1, t2, t3, t4, t5, s;
  f2_mul(&s, y, &T->z);
  f2_sub(&t0, &T->y, &s);
  f2_mul(&s, x, &T->z);
  f2_sub(&t1, &T->x, &s);
  f2_mul(&s, &t0, x);
  f2_mul(&t2, &t1, y);
  f2_sub(&l->c0, &s, &t2);
  f2_neg(&l->c1, &t0);
  l->c2 = t1;
  f2_sqr(&t2, &t1);
  f2_mul(&t3, &t2, &t1);
  f2_mul(&t4, &t2, &T->x);
  f2_dbl(&s, &t4);
  f2_sub(&t5, &t3, &s);
  f2_sqr(&s, &t0);
  f2_mul(&s, &s, &T->z);
  f2_add(&t5, &t5, &s);
  f2_mul(&T->x, &t1, &t5);
  f2_sub(&s, &t4, &t5);
  f2_mul(&s, &s, &t0);
  f2_mul(&t2, &t3, &T->y);
  f2_sub(&T->y, &s, &t2);
  f2_mul(&T->z, &T->z, &t3);
}

static void psi(fp2 *rx, fp2 *ry, const fp2 *x, const fp2 *y) {
  fp2 t;
  f2_conj(&t, x);
  f2_mul(rx, &t, &consts.psi_x);
  f2_conj(&t, y);
  f2_mul(ry, &t, &consts.psi_y);
}

/** Number of lines `g2_lines` writes: one per NAF digit, one more per non-zero digit, two Frobenius lines. */
EXPORT(line_count) u32 line_count(void) {
  u32 n = 2;
  for (int i = 0; i < consts.ate_len; i++) n += consts.ate_naf[i] ? 2 : 1;
  return n;
}

/** The Miller-loop lines of the G2 point Q = (x, y) (affine, Montgomery form, not infinity). */
EXPORT(g2_lines) void g2_lines(const fp2 *q, line *out) {
  const fp2 *qx = &q[0], *qy = &q[1];
  fp2 neg_qy, q1x, q1y, q2x, q2y;
  f2_neg(&neg_qy, qy);
  proj T = {*qx, *qy, {consts.one, {{0}}}};
  for (int i = 0; i < consts.ate_len; i++) {
    line_double(&T, out++);
    if (consts.ate_naf[i] == 1) line_add(&T, out++, qx, qy);
    else if (consts.ate_naf[i] == -1) line_add(&T, out++, qx, &neg_qy);
  }
  psi(&q1x, &q1y, qx, qy);
  line_add(&T, out++, &q1x, &q1y);
  psi(&q2x, &q2y, &q1x, &q1y);
  f2_neg(&q2y, &q2y);
  line_add(&T, out++, &q2x, &q2y);
}

/** A pair of the multi-Miller loop: P = (x, y) affine in G1 and the lines of its G2 point. */
typedef struct {
  fp x, y;
  u32 lines;  // address of the line array
} pair;

static void mul_line_at(fp12 *f, const line *l, const pair *p) {
  fp2 o0, o3;
  f2_mul_fp(&o0, &l->c2, &p->y);
  f2_mul_fp(&o3, &l->c1, &p->x);
  f12_mul_line(f, &o0, &o3, &l->c0);
}

/** ∏ f_{Qᵢ}(Pᵢ) over n pairs, into out. */
EXPORT(miller_loop) void miller_loop(const pair *pairs, u32 n, fp12 *out) {
  fp12 f;
  f12_one(&f);
  u32 at = 0;  // index of the current line in every pair's array
  for (int i = 0; i < consts.ate_len; i++) {
    if (i != 0) f12_sqr(&f, &f);
    const u32 k = consts.ate_naf[i] ? 2 : 1;
    for (u32 j = 0; j < n; j++) {
      const line *l = (const line *)(uintptr_t)pairs[j].lines + at;
      for (u32 m = 0; m < k; m++) mul_line_at(&f, &l[m], &pairs[j]);
    }
    at += k;
  }
  for (u32 j = 0; j < n; j++) {
    const line *l = (const line *)(uintptr_t)pairs[j].lines + at;
    mul_line_at(&f, &l[0], &pairs[j]);
    mul_line_at(&f, &l[1], &pairs[j]);
  }
  *out = f;
}

EXPORT(fp12_mul) void fp12_mul(fp12 *r, const fp12 *a, const fp12 *b) { f12_mul(r, a, b); }

EXPORT(final_exponentiation) void final_exponentiation(fp12 *r, const fp12 *f) { final_exponentiate(r, f); }

/** Whether f^((p¹² − 1)/r) = 1. */
EXPORT(final_exponentiation_is_one) u32 final_exponentiation_is_one(const fp12 *f) {
  fp12 r, one;
  final_exponentiate(&r, f);
  f12_one(&one);
  return f12_eq(&r, &one);
}

// ── conversions (the host writes and reads plain little-endian limbs) ──

/** n field elements from plain to Montgomery form, in place. */
EXPORT(to_montgomery) void to_montgomery(fp *a, u32 n) {
  for (u32 i = 0; i < n; i++) fp_mul(&a[i], &a[i], &consts.r2);
}

/** n field elements from Montgomery to plain form, in place. */
EXPORT(from_montgomery) void from_montgomery(fp *a, u32 n) {
  fp one = {{1}};
  for (u32 i = 0; i < n; i++) fp_mul(&a[i], &a[i], &one);
}

// ── G2: on the twist, in the subgroup ──

/** y² = x³ + b′. */
EXPORT(g2_on_twist) u32 g2_on_twist(const fp2 *q) {
  fp2 l, r;
  f2_sqr(&l, &q[1]);
  f2_sqr(&r, &q[0]);
  f2_mul(&r, &r, &q[0]);
  f2_add(&r, &r, &consts.b2);
  return f2_eq(&l, &r);
}

// ── Jacobian points on y² = x³ + b over Fp (G1) and Fp² (the twist, G2) ──
// x = X/Z², y = Y/Z³; Z = 0 is infinity. One template, instantiated for both fields.

typedef struct { fp x, y, z; } g1j;

INLINE void fp_triple(fp *r, const fp *a) { fp t; fp_dbl(&t, a); fp_add(r, &t, a); }

#define JACOBIAN(J, E, F)                                                                     \
  /* dbl-2009-l (a = 0) */                                                                   \
  static void F##_jdouble(J *r, const J *p) {                                                 \
    E A, B, C, D, X3, s;                                                                      \
    F##_sqr(&A, &p->x);                                                                       \
    F##_sqr(&B, &p->y);                                                                       \
    F##_sqr(&C, &B);                                                                          \
    F##_add(&D, &p->x, &B);                                                                   \
    F##_sqr(&D, &D);                                                                          \
    F##_sub(&D, &D, &A);                                                                      \
    F##_sub(&D, &D, &C);                                                                      \
    F##_dbl(&D, &D);                                                                          \
    F##_triple(&A, &A); /* E = 3A */                                                          \
    F##_sqr(&X3, &A);                                                                         \
    F##_dbl(&s, &D);                                                                          \
    F##_sub(&X3, &X3, &s);                                                                    \
    F##_mul(&r->z, &p->y, &p->z);                                                             \
    F##_dbl(&r->z, &r->z);                                                                    \
    F##_sub(&s, &D, &X3);                                                                     \
    F##_mul(&s, &A, &s);                                                                      \
    F##_dbl(&C, &C);                                                                          \
    F##_dbl(&C, &C);                                                                          \
    F##_dbl(&C, &C);                                                                          \
    F##_sub(&r->y, &s, &C);                                                                   \
    r->x = X3;                                                                                \
  }                                                                                           \
  /* P + Q (add-2007-bl), with the doubling, inverse and infinity cases */                    \
  static void F##_jadd(J *r, const J *p, const J *q) {                                        \
    if (F##_is_zero(&p->z)) { *r = *q; return; }                                              \
    if (F##_is_zero(&q->z)) { *r = *p; return; }                                              \
    E Z1Z1, Z2Z2, U1, U2, S1, S2, H, R, I, Jt, V, X3, s;                                      \
    F##_sqr(&Z1Z1, &p->z);                                                                    \
    F##_sqr(&Z2Z2, &q->z);                                                                    \
    F##_mul(&U1, &p->x, &Z2Z2);                                                               \
    F##_mul(&U2, &q->x, &Z1Z1);                                                               \
    F##_mul(&S1, &p->y, &q->z);                                                               \
    F##_mul(&S1, &S1, &Z2Z2);                                                                 \
    F##_mul(&S2, &q->y, &p->z);                                                               \
    F##_mul(&S2, &S2, &Z1Z1);                                                                 \
    F##_sub(&H, &U2, &U1);                                                                    \
    F##_sub(&R, &S2, &S1);                                                                    \
    F##_dbl(&R, &R);                                                                          \
    if (F##_is_zero(&H)) {                                                                    \
      if (F##_is_zero(&R)) F##_jdouble(r, p);                                                 \
      else { *r = *p; F##_sub(&r->z, &r->z, &r->z); }                                         \
      return;                                                                                 \
    }                                                                                         \
    F##_dbl(&I, &H);                                                                          \
    F##_sqr(&I, &I);                                                                          \
    F##_mul(&Jt, &H, &I);                                                                     \
    F##_mul(&V, &U1, &I);                                                                     \
    F##_sqr(&X3, &R);                                                                         \
    F##_sub(&X3, &X3, &Jt);                                                                   \
    F##_dbl(&s, &V);                                                                          \
    F##_sub(&X3, &X3, &s);                                                                    \
    F##_add(&s, &p->z, &q->z);                                                                \
    F##_sqr(&s, &s);                                                                          \
    F##_sub(&s, &s, &Z1Z1);                                                                   \
    F##_sub(&s, &s, &Z2Z2);                                                                   \
    F##_mul(&r->z, &s, &H);                                                                   \
    F##_sub(&s, &V, &X3);                                                                     \
    F##_mul(&s, &R, &s);                                                                      \
    F##_mul(&S1, &S1, &Jt);                                                                   \
    F##_dbl(&S1, &S1);                                                                        \
    F##_sub(&r->y, &s, &S1);                                                                  \
    r->x = X3;                                                                                \
  }                                                                                           \
  __attribute__((unused)) static int F##_jequal(const J *p, const J *q) {                     \
    int z1 = F##_is_zero(&p->z), z2 = F##_is_zero(&q->z);                                     \
    if (z1 || z2) return z1 && z2;                                                            \
    E Z1Z1, Z2Z2, a, b;                                                                       \
    F##_sqr(&Z1Z1, &p->z);                                                                    \
    F##_sqr(&Z2Z2, &q->z);                                                                    \
    F##_mul(&a, &p->x, &Z2Z2);                                                                \
    F##_mul(&b, &q->x, &Z1Z1);                                                                \
    if (!F##_eq(&a, &b)) return 0;                                                            \
    F##_mul(&a, &p->y, &q->z);                                                                \
    F##_mul(&a, &a, &Z2Z2);                                                                   \
    F##_mul(&b, &q->y, &p->z);                                                                \
    F##_mul(&b, &b, &Z1Z1);                                                                   \
    return F##_eq(&a, &b);                                                                    \
  }

JACOBIAN(g1j, fp, fp)
JACOBIAN(proj, fp2, f2)

/** ψ on Jacobian coordinates: conjugation commutes with the division by Z², Z³. */
static void j_psi(proj *r, const proj *p) {
  psi(&r->x, &r->y, &p->x, &p->y);
  f2_conj(&r->z, &p->z);
}

/**
 * Whether the twist point (x, y) (already on the twist) lies in G2: [x+1]Q + ψ([x]Q) + ψ²([x]Q)
 * = ψ³([2x]Q) (El Housni, Guillevic, Piellard, AFRICACRYPT 2022 §5.1; gnark-crypto's test).
 */
EXPORT(g2_in_subgroup) u32 g2_in_subgroup(const fp2 *q) {
  proj Q = {q[0], q[1], {consts.one, {{0}}}};
  proj minusQ = Q;
  f2_neg(&minusQ.y, &Q.y);
  proj xQ = Q, psi1, psi2, lhs, rhs;
  for (int i = 0; i < consts.x_len; i++) {
    f2_jdouble(&xQ, &xQ);
    if (consts.x_naf[i] == 1) f2_jadd(&xQ, &xQ, &Q);
    else if (consts.x_naf[i] == -1) f2_jadd(&xQ, &xQ, &minusQ);
  }
  j_psi(&psi1, &xQ);
  j_psi(&psi2, &psi1);
  f2_jadd(&lhs, &xQ, &Q);
  f2_jadd(&lhs, &lhs, &psi1);
  f2_jadd(&lhs, &lhs, &psi2);
  j_psi(&rhs, &psi2);
  f2_jdouble(&rhs, &rhs);
  return f2_jequal(&lhs, &rhs);
}

// ── G1 multi-scalar multiplication ──

/** A window of 4 bits: 64 windows per 256-bit scalar, tables of 15 multiples per point. */
#define WINDOW 4
#define TABLE ((1 << WINDOW) - 1)

/**
 * Σ sᵢ·Pᵢ for n affine points (x, y in Montgomery form, none at infinity) and 256-bit scalars
 * (8 little-endian words each), by interleaved fixed windows (Straus): 256 shared doublings and
 * one table addition per point and window. `table` is scratch for n·15 Jacobian points. Writes
 * the affine result (Montgomery form) to out and returns 1, or returns 0 for infinity.
 */
EXPORT(g1_msm) u32 g1_msm(const fp *points, const u32 *scalars, u32 n, g1j *table, fp *out) {
  for (u32 i = 0; i < n; i++) {
    g1j *t = &table[i * TABLE];
    t[0].x = points[2 * i];
    t[0].y = points[2 * i + 1];
    t[0].z = consts.one;
    for (int k = 1; k < TABLE; k++) fp_jadd(&t[k], &t[k - 1], &t[0]);
  }
  g1j acc = {{{0}}, {{0}}, {{0}}};
  for (int w = 256 / WINDOW - 1; w >= 0; w--) {
    for (int k = 0; k < WINDOW; k++) fp_jdouble(&acc, &acc);
    for (u32 i = 0; i < n; i++) {
      const u32 digit = (scalars[8 * i + w / 8] >> (WINDOW * (w % 8))) & TABLE;
      if (digit) fp_jadd(&acc, &acc, &table[i * TABLE + digit - 1]);
    }
  }
  if (fp_is_zero(&acc.z)) return 0;
  fp zinv, zinv2;
  fp_inv(&zinv, &acc.z);
  fp_sqr(&zinv2, &zinv);
  fp_mul(&out[0], &acc.x, &zinv2);
  fp_mul(&zinv2, &zinv2, &zinv);
  fp_mul(&out[1], &acc.y, &zinv2);
  return 1;
}
