/*
 * SM2 signature-verification kernel for WebAssembly: s·G + t·P_A and the final x-coordinate
 * check of GB/T 32918.2-2016 §7.1 B6–B7, over its own field arithmetic mod the SM2 prime
 * (GB/T 32918.5 §10). Built by build.ts into ../_sm2-wasm-binary.ts; driven by ../_sm2-wasm.ts.
 *
 * The same algorithm as the pure-TypeScript kernel (../_sm2-jacobian.ts), which is its test
 * oracle: a = −3 Jacobian doubling, mixed Jacobian + affine addition, a fixed signed-window
 * table of G (W = 8, built by sm2_init), a per-key table of the same shape for busy keys, and
 * width-5 wNAF for keys without a table. Everything here is variable-time: public inputs only.
 * Inputs are trusted (validated by the TypeScript caller): P_A on the curve and finite,
 * 1 ≤ r, s < n; e is any 256-bit value.
 *
 * Field elements: 8 little-endian 32-bit limbs in Montgomery form a·2^256 mod p, always
 * reduced to [0, p). Products are formed in 64-bit wasm integers (32 × 32 → 64 bits).
 * Since p ≡ −1 (mod 2^32), the Montgomery factor −p⁻¹ mod 2^32 is 1, and clang folds the
 * multiplications by p's limbs (0, 2^32 − 1, 2^32 − 2) into shifts and subtractions.
 *
 * I/O: the caller writes big-endian 32-byte values into the buffer at sm2_io():
 *   [0, 32) x of P_A   [32, 64) y of P_A   [64, 96) r   [96, 128) s   [128, 160) e = SM3(Z_A ‖ M)
 * Tables live in memory the caller allocates (sm2_table_bytes(W) bytes, 4-byte aligned).
 */
#include <stdint.h>

typedef uint32_t u32;
typedef uint64_t u64;
typedef u32 fe[8];

typedef struct {
  fe X, Y, Z; /* (x, y) = (X/Z², Y/Z³); Z = 0 is the point at infinity */
} jac;

typedef struct {
  fe x, y;
} aff;

static const fe P = {0xffffffff, 0xffffffff, 0x00000000, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xfffffffe};
static const fe N = {0x39d54123, 0x53bbf409, 0x21c6052b, 0x7203df6b, 0xffffffff, 0xffffffff, 0xffffffff, 0xfffffffe};
/* 2^512 mod p: to_mont(a) = a · R2 · 2^−256 */
static const fe R2 = {0x00000003, 0x00000002, 0xffffffff, 0x00000002, 0x00000001, 0x00000001, 0x00000002, 0x00000004};
/* 1 in Montgomery form, 2^256 mod p */
static const fe ONE = {0x00000001, 0x00000000, 0xffffffff, 0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x00000001};
/* G = (Gx, Gy), big-endian as printed in GB/T 32918.5 §10 */
static const uint8_t G_BYTES[64] = {
    0x32, 0xc4, 0xae, 0x2c, 0x1f, 0x19, 0x81, 0x19, 0x5f, 0x99, 0x04, 0x46, 0x6a, 0x39, 0xc9, 0x94,
    0x8f, 0xe3, 0x0b, 0xbf, 0xf2, 0x66, 0x0b, 0xe1, 0x71, 0x5a, 0x45, 0x89, 0x33, 0x4c, 0x74, 0xc7,
    0xbc, 0x37, 0x36, 0xa2, 0xf4, 0xf6, 0x77, 0x9c, 0x59, 0xbd, 0xce, 0xe3, 0x6b, 0x69, 0x21, 0x53,
    0xd0, 0xa9, 0x87, 0x7c, 0xc6, 0x2a, 0x47, 0x40, 0x02, 0xdf, 0x32, 0xe5, 0x21, 0x39, 0xf0, 0xa0};

#define SCALAR_BITS 256
#define G_W 8
#define MAX_W 10
#define WNAF_W 5
/* Small fixed loops over limbs are unrolled so the limbs live in wasm locals. */
#define UNROLL _Pragma("clang loop unroll(full)")

/*
 * clang lowers struct copies and array clears to memcpy / memset calls; with -nostdlib they
 * are defined here (no_builtin: so the loops are not turned back into calls to themselves).
 * Bulk-memory instructions would avoid them but are not enabled in every engine we target.
 */
__attribute__((no_builtin)) void *memcpy(void *dst, const void *src, unsigned long n) {
  uint8_t *d = dst;
  const uint8_t *s = src;
  for (unsigned long i = 0; i < n; i++) d[i] = s[i];
  return dst;
}

__attribute__((no_builtin)) void *memset(void *dst, int value, unsigned long n) {
  uint8_t *d = dst;
  for (unsigned long i = 0; i < n; i++) d[i] = (uint8_t)value;
  return dst;
}

static inline __attribute__((always_inline)) void fe_copy(fe r, const fe a) {
  UNROLL for (int i = 0; i < 8; i++) r[i] = a[i];
}

static int fe_is_zero(const fe a) {
  u32 acc = 0;
  UNROLL for (int i = 0; i < 8; i++) acc |= a[i];
  return acc == 0;
}

static int fe_equal(const fe a, const fe b) {
  u32 acc = 0;
  UNROLL for (int i = 0; i < 8; i++) acc |= a[i] ^ b[i];
  return acc == 0;
}

/*
 * Additions and subtractions run on the same little-endian bytes viewed as four 64-bit words:
 * half the carry steps of 32-bit limbs (a carry is a 64-bit unsigned comparison).
 */
static inline __attribute__((always_inline)) void load64(u64 w[4], const fe a) {
  UNROLL for (int i = 0; i < 4; i++) w[i] = (u64)a[2 * i] | (u64)a[2 * i + 1] << 32;
}

static inline __attribute__((always_inline)) void store64(fe r, const u64 w[4]) {
  UNROLL for (int i = 0; i < 4; i++) {
    r[2 * i] = (u32)w[i];
    r[2 * i + 1] = (u32)(w[i] >> 32);
  }
}

/* d = a − b on 64-bit words; returns the borrow (0 or 1). */
static inline __attribute__((always_inline)) u64 sub64(u64 d[4], const u64 a[4], const u64 b[4]) {
  u64 borrow = 0;
  UNROLL for (int i = 0; i < 4; i++) {
    u64 t = a[i] - b[i];
    u64 b1 = a[i] < b[i];
    d[i] = t - borrow;
    borrow = b1 | (t < borrow);
  }
  return borrow;
}

/* s = a + b on 64-bit words; returns the carry (0 or 1). */
static inline __attribute__((always_inline)) u64 add64(u64 s[4], const u64 a[4], const u64 b[4]) {
  u64 carry = 0;
  UNROLL for (int i = 0; i < 4; i++) {
    u64 t = a[i] + carry;
    u64 c1 = t < carry;
    s[i] = t + b[i];
    carry = c1 | (s[i] < t);
  }
  return carry;
}

/* r = a − b over 256 bits; returns the borrow (0 or 1). */
static inline __attribute__((always_inline)) u32 sub_limbs(fe r, const fe a, const fe b) {
  u64 A[4], B[4], D[4];
  load64(A, a);
  load64(B, b);
  u64 borrow = sub64(D, A, B);
  store64(r, D);
  return (u32)borrow;
}

/* r = a + b over 256 bits; returns the carry (0 or 1). */
static inline __attribute__((always_inline)) u32 add_limbs(fe r, const fe a, const fe b) {
  u64 A[4], B[4], S[4];
  load64(A, a);
  load64(B, b);
  u64 carry = add64(S, A, B);
  store64(r, S);
  return (u32)carry;
}

/* p as four 64-bit words */
static const u64 P64[4] = {0xffffffffffffffffull, 0xffffffff00000000ull, 0xffffffffffffffffull, 0xfffffffeffffffffull};

/* r = a + b mod p */
static void fe_add(fe r, const fe a, const fe b) {
  u64 A[4], B[4], S[4], D[4];
  load64(A, a);
  load64(B, b);
  u64 carry = add64(S, A, B);
  u64 borrow = sub64(D, S, P64);
  store64(r, carry || !borrow ? D : S);
}

/* r = a − b mod p */
static void fe_sub(fe r, const fe a, const fe b) {
  u64 A[4], B[4], D[4], S[4];
  load64(A, a);
  load64(B, b);
  if (!sub64(D, A, B)) {
    store64(r, D);
    return;
  }
  add64(S, D, P64);
  store64(r, S);
}

/* r = −a mod p */
static void fe_neg(fe r, const fe a) {
  static const fe zero = {0};
  fe_sub(r, zero, a);
}

/*
 * Montgomery reduction of a 512-bit value given as 16 signed 64-bit columns t[k] (value
 * Σ t[k]·2^(32k), each |t[k]| < 2^40), then r = value · 2^−256 mod p in [0, p).
 * Word-by-word: m = t[i] mod 2^32 (the factor −p⁻¹ mod 2^32 is 1) and adding m·p zeroes word i;
 * m·p = m·(2^256 − 2^224 − 2^96 + 2^64 − 1) touches words i+8, i+7, i+3, i+2 and i only, so the
 * reduction is additions — no multiplications. The result before the last step is < 2p.
 */
static inline __attribute__((always_inline)) void mont_reduce(fe r, int64_t t[17]) {
  UNROLL for (int i = 0; i < 8; i++) {
    u32 m = (u32)t[i];
    t[i + 1] += (t[i] - (int64_t)m) >> 32; /* exact: t[i] − m ≡ 0 (mod 2^32) */
    t[i + 2] += m;
    t[i + 3] -= m;
    t[i + 7] -= m;
    t[i + 8] += m;
  }
  fe lo;
  UNROLL for (int k = 8; k < 16; k++) {
    lo[k - 8] = (u32)t[k];
    t[k + 1] += t[k] >> 32;
  }
  fe reduced;
  u32 borrow = sub_limbs(reduced, lo, P);
  if (t[16] || !borrow) fe_copy(r, reduced);
  else fe_copy(r, lo);
}

/*
 * r = a · b · 2^−256 mod p (Montgomery multiplication; r may alias a or b). Column by column
 * (Comba): each 64-bit partial product is split into halves summed in two accumulators, so
 * only one column is live at a time (fewer values than registers once V8 compiles it).
 */
static void fe_mul(fe r, const fe a, const fe b) {
  int64_t t[17];
  u64 lo = 0, hi = 0;
  UNROLL for (int k = 0; k < 15; k++) {
    UNROLL for (int i = 0; i < 8; i++) {
      int j = k - i;
      if (j < 0 || j > 7) continue;
      u64 p = (u64)a[i] * b[j];
      lo += (u32)p;
      hi += p >> 32;
    }
    t[k] = (u32)lo;
    lo = (lo >> 32) + hi;
    hi = 0;
  }
  t[15] = (int64_t)lo;
  t[16] = 0;
  mont_reduce(r, t);
}

/* r = a² · 2^−256 mod p: the 28 cross products once, doubled, plus the 8 squares. */
static void fe_sqr(fe r, const fe a) {
  int64_t t[17] = {0};
  UNROLL for (int i = 0; i < 8; i++) {
    UNROLL for (int j = i + 1; j < 8; j++) {
      u64 p = (u64)a[i] * a[j];
      t[i + j] += (u32)p;
      t[i + j + 1] += p >> 32;
    }
  }
  UNROLL for (int k = 0; k < 16; k++) t[k] += t[k];
  UNROLL for (int i = 0; i < 8; i++) {
    u64 p = (u64)a[i] * a[i];
    t[2 * i] += (u32)p;
    t[2 * i + 1] += p >> 32;
  }
  mont_reduce(r, t);
}

/*
 * r = k·a mod p for a small k (2..8): cheaper than repeated additions. The product has one
 * extra word c < 8, and c·2^256 ≡ c·(2^224 + 2^96 − 2^64 + 1) (mod p) folds it back into a
 * value in [0, 2^256 + 2^227) ⊂ [0, 2p): one conditional subtraction.
 */
static void fe_mul_small(fe r, const fe a, u32 k) {
  int64_t t[8];
  u64 carry = 0;
  UNROLL for (int i = 0; i < 8; i++) {
    u64 v = (u64)a[i] * k + carry;
    t[i] = (u32)v;
    carry = v >> 32;
  }
  int64_t c = (int64_t)carry;
  t[0] += c;
  t[2] -= c;
  t[3] += c;
  t[7] += c;
  fe folded, reduced;
  int64_t acc = 0;
  UNROLL for (int i = 0; i < 8; i++) {
    acc += t[i];
    folded[i] = (u32)acc;
    acc >>= 32;
  }
  u32 borrow = sub_limbs(reduced, folded, P);
  if (acc || !borrow) fe_copy(r, reduced);
  else fe_copy(r, folded);
}

/* r = a^(2^k) */
static void fe_sqr_n(fe r, const fe a, int k) {
  fe_copy(r, a);
  for (int i = 0; i < k; i++) fe_sqr(r, r);
}

/*
 * r = a⁻¹ = a^(p−2) mod p (Fermat), a ≠ 0. p − 2 in bits from the top: 31 ones, 0, 128 ones,
 * 32 zeros, 32 ones, 30 ones, 0, 1; with xk = a^(2^k − 1): 255 squarings + 13 multiplications.
 */
static void fe_inv(fe r, const fe a) {
  fe x2, x3, x6, x12, x15, x30, x31, x32, t;
  fe_sqr(x2, a);
  fe_mul(x2, x2, a);
  fe_sqr(x3, x2);
  fe_mul(x3, x3, a);
  fe_sqr_n(x6, x3, 3);
  fe_mul(x6, x6, x3);
  fe_sqr_n(x12, x6, 6);
  fe_mul(x12, x12, x6);
  fe_sqr_n(x15, x12, 3);
  fe_mul(x15, x15, x3);
  fe_sqr_n(x30, x15, 15);
  fe_mul(x30, x30, x15);
  fe_sqr(x31, x30);
  fe_mul(x31, x31, a);
  fe_sqr(x32, x31);
  fe_mul(x32, x32, a);
  fe_sqr(t, x31); /* 31 ones, 0 */
  for (int i = 0; i < 4; i++) { /* 128 ones */
    fe_sqr_n(t, t, 32);
    fe_mul(t, t, x32);
  }
  fe_sqr_n(t, t, 32); /* 32 zeros */
  fe_sqr_n(t, t, 32); /* 32 ones */
  fe_mul(t, t, x32);
  fe_sqr_n(t, t, 30); /* 30 ones */
  fe_mul(t, t, x30);
  fe_sqr(t, t); /* 0 */
  fe_sqr(t, t); /* 1 */
  fe_mul(r, t, a);
}

/* Big-endian 32 bytes → limbs (no reduction). */
static void limbs_from_be(fe r, const uint8_t *b) {
  UNROLL for (int i = 0; i < 8; i++) {
    const uint8_t *w = b + 28 - 4 * i;
    r[i] = (u32)w[0] << 24 | (u32)w[1] << 16 | (u32)w[2] << 8 | w[3];
  }
}

/* Big-endian 32 bytes of a value < p → Montgomery form. */
static void fe_from_be(fe r, const uint8_t *b) {
  fe a;
  limbs_from_be(a, b);
  fe_mul(r, a, R2);
}

/* In-place doubling, a = −3 (dbl-2001-b with Z3 = 2·Y·Z): 4M + 4S. */
static void jac_double(jac *p) {
  if (fe_is_zero(p->Z)) return;
  fe delta, gamma, beta, alpha, t, beta4, x3, gamma8;
  fe_sqr(delta, p->Z);
  fe_sqr(gamma, p->Y);
  fe_mul(beta, p->X, gamma);
  fe_sub(t, p->X, delta);
  fe_add(alpha, p->X, delta);
  fe_mul(alpha, t, alpha);
  fe_mul_small(alpha, alpha, 3); /* 3(X − δ)(X + δ) */
  fe_mul_small(beta4, beta, 4);
  fe_sqr(x3, alpha);
  fe_mul_small(t, beta, 8);
  fe_sub(x3, x3, t); /* α² − 8β */
  fe_sqr(gamma8, gamma);
  fe_mul_small(gamma8, gamma8, 8);
  fe_add(t, p->Y, p->Y);
  fe_mul(p->Z, t, p->Z);
  fe_sub(t, beta4, x3);
  fe_mul(t, alpha, t);
  fe_sub(p->Y, t, gamma8);
  fe_copy(p->X, x3);
}

/* In-place mixed addition p += (x2, y2), an affine point (add-1998-cmo-2 with Z2 = 1): 8M + 3S. */
static void jac_add_affine(jac *p, const fe x2, const fe y2) {
  if (fe_is_zero(p->Z)) {
    fe_copy(p->X, x2);
    fe_copy(p->Y, y2);
    fe_copy(p->Z, ONE);
    return;
  }
  fe zz, h, r, t, hh, hhh, v, x3;
  fe_sqr(zz, p->Z);
  fe_mul(h, x2, zz);
  fe_sub(h, h, p->X);
  fe_mul(t, p->Z, zz);
  fe_mul(r, y2, t);
  fe_sub(r, r, p->Y);
  if (fe_is_zero(h)) {
    if (fe_is_zero(r)) jac_double(p); /* same point */
    else for (int i = 0; i < 8; i++) p->Z[i] = 0; /* opposite points */
    return;
  }
  fe_sqr(hh, h);
  fe_mul(hhh, h, hh);
  fe_mul(v, p->X, hh);
  fe_sqr(x3, r);
  fe_sub(x3, x3, hhh);
  fe_sub(x3, x3, v);
  fe_sub(x3, x3, v);
  fe_sub(t, v, x3);
  fe_mul(t, r, t);
  fe_mul(hhh, p->Y, hhh);
  fe_sub(p->Y, t, hhh);
  fe_mul(p->Z, p->Z, h);
  fe_copy(p->X, x3);
}

/* p += (x2, ±y2) */
static void jac_add_signed(jac *p, const aff *q, int negative) {
  if (!negative) {
    jac_add_affine(p, q->x, q->y);
    return;
  }
  fe y;
  fe_neg(y, q->y);
  jac_add_affine(p, q->x, y);
}

/* Scratch for converting up to 2^(MAX_W−1) + 1 Jacobian points to affine at once. */
static jac row[(1 << (MAX_W - 1)) + 1];
static fe prefix[(1 << (MAX_W - 1)) + 1];

/* out[i] = affine(points[i]) for k finite points, with one inversion (Montgomery's trick). */
static void to_affine_batch(aff *out, const jac *points, int k) {
  fe acc, inv, zi, zi2;
  fe_copy(acc, ONE);
  for (int i = 0; i < k; i++) {
    fe_copy(prefix[i], acc);
    fe_mul(acc, acc, points[i].Z);
  }
  fe_inv(inv, acc);
  for (int i = k - 1; i >= 0; i--) {
    fe_mul(zi, inv, prefix[i]);
    fe_mul(inv, inv, points[i].Z);
    fe_sqr(zi2, zi);
    fe_mul(out[i].x, points[i].X, zi2);
    fe_mul(zi2, zi2, zi);
    fe_mul(out[i].y, points[i].Y, zi2);
  }
}

/*
 * Fixed signed-window table of affine Q: for window w = 0..windows−1 and j = 1..2^(W−1) the
 * point j·2^(wW)·Q at index w·2^(W−1) + j − 1; windows = ⌈256/W⌉ + 1.
 */
static int table_windows(int W) {
  return (SCALAR_BITS + W - 1) / W + 1;
}

static void build_table(aff *table, const aff *q, int W) {
  int windows = table_windows(W), half = 1 << (W - 1);
  aff base = *q, next[1];
  for (int w = 0; w < windows; w++) {
    jac acc;
    fe_copy(acc.X, base.x);
    fe_copy(acc.Y, base.y);
    fe_copy(acc.Z, ONE);
    row[0] = acc;
    for (int j = 1; j < half; j++) {
      jac_add_affine(&acc, base.x, base.y);
      row[j] = acc;
    }
    jac_double(&acc); /* 2·half·base: the base of the next window */
    row[half] = acc;
    to_affine_batch(table + w * half, row, half);
    to_affine_batch(next, row + half, 1);
    base = next[0];
  }
}

/* Bits [bit, bit + count) of a scalar held in 9 limbs (the 9th zero), count ≤ 16. */
static u32 scalar_bits(const u32 *k, int bit, int count) {
  int limb = bit >> 5, shift = bit & 31;
  u32 v = k[limb] >> shift;
  if (shift != 0 && shift + count > 32) v |= k[limb + 1] << (32 - shift);
  return v & ((1u << count) - 1);
}

/* acc += k·Q using Q's table; signed digits in [−(2^(W−1) − 1), 2^(W−1)]. */
static void add_mul_table(jac *acc, const aff *table, int W, const u32 *k) {
  int windows = table_windows(W), half = 1 << (W - 1), carry = 0;
  for (int w = 0; w < windows; w++) {
    int bit = w * W;
    int d = (bit < SCALAR_BITS ? (int)scalar_bits(k, bit, W) : 0) + carry;
    if (d > half) {
      d -= 2 * half;
      carry = 1;
    } else carry = 0;
    if (d == 0) continue;
    jac_add_signed(acc, &table[w * half + (d < 0 ? -d : d) - 1], d < 0);
  }
}

/* Width-w NAF digits of k (9 limbs), least significant first: odd in (−2^(w−1), 2^(w−1)) or 0. */
static int wnaf(int8_t *digits, const u32 *k, int w) {
  int len = SCALAR_BITS + 1, bit = 0, carry = 0, top = -1;
  for (int i = 0; i < len; i++) digits[i] = 0;
  while (bit < len) {
    if ((int)scalar_bits(k, bit, 1) == carry) {
      bit++;
      continue;
    }
    int now = w < len - bit ? w : len - bit;
    int word = (int)scalar_bits(k, bit, now) + carry;
    carry = (word >> (w - 1)) & 1;
    word -= carry << w;
    digits[bit] = (int8_t)word;
    top = bit;
    bit += now;
  }
  return top;
}

/*
 * acc = k·Q for affine Q without a table: width-5 wNAF over Q, 3Q, …, 15Q in affine, ~256
 * doublings. The odd multiples need 2Q as an affine point for mixed additions; instead of a
 * second inversion they are computed on the isomorphic curve where 2Q = (X₂, Y₂, Z₂) is affine,
 * (x, y) ↦ (x·Z₂², y·Z₂³): there jQ is (X, Y, Z), i.e. (X, Y, Z·Z₂) on our curve. Mixed
 * addition does not use the curve coefficient a, and no doubling case arises (jQ ≠ ±2Q for
 * odd j < 16 since Q has prime order n).
 */
static void mul_wnaf(jac *acc, const aff *q, const u32 *k) {
  enum { COUNT = 1 << (WNAF_W - 2) };
  aff odd[COUNT];
  jac two;
  fe_copy(two.X, q->x);
  fe_copy(two.Y, q->y);
  fe_copy(two.Z, ONE);
  jac_double(&two);
  jac run;
  fe zz;
  fe_sqr(zz, two.Z);
  fe_mul(run.X, q->x, zz);
  fe_mul(zz, zz, two.Z);
  fe_mul(run.Y, q->y, zz);
  fe_copy(run.Z, ONE);
  row[0] = run;
  for (int j = 1; j < COUNT; j++) {
    jac_add_affine(&run, two.X, two.Y);
    row[j] = run;
  }
  for (int j = 0; j < COUNT; j++) fe_mul(row[j].Z, row[j].Z, two.Z);
  to_affine_batch(odd, row, COUNT);
  int8_t digits[SCALAR_BITS + 1];
  int top = wnaf(digits, k, WNAF_W);
  UNROLL for (int i = 0; i < 8; i++) acc->Z[i] = 0;
  for (int i = top; i >= 0; i--) {
    jac_double(acc);
    int d = digits[i];
    if (d != 0) jac_add_signed(acc, &odd[((d < 0 ? -d : d) - 1) >> 1], d < 0);
  }
}

/* True when the affine x of acc satisfies x ≡ c (mod n), c < n: x is c or c + n (x < p), x = X/Z². */
static int x_matches(const jac *acc, const fe c) {
  if (fe_is_zero(acc->Z)) return 0;
  fe zz, cm, cz;
  fe_sqr(zz, acc->Z);
  fe_mul(cm, c, R2);
  fe_mul(cz, cm, zz);
  if (fe_equal(cz, acc->X)) return 1;
  fe c2, diff;
  if (add_limbs(c2, c, N)) return 0;
  if (!sub_limbs(diff, c2, P)) return 0; /* c + n ≥ p */
  fe_mul(cm, c2, R2);
  fe_mul(cz, cm, zz);
  return fe_equal(cz, acc->X);
}

static uint8_t io[160];
static aff g_table[((SCALAR_BITS + G_W - 1) / G_W + 1) << (G_W - 1)];

/* Address of the 160-byte I/O buffer (layout in the file header). */
__attribute__((export_name("sm2_io"))) uint8_t *sm2_io(void) {
  return io;
}

/* Builds G's table; call once before any verification. */
__attribute__((export_name("sm2_init"))) void sm2_init(void) {
  aff g;
  fe_from_be(g.x, G_BYTES);
  fe_from_be(g.y, G_BYTES + 32);
  build_table(g_table, &g, G_W);
}

/* Bytes of a table of window width W (4..10). */
__attribute__((export_name("sm2_table_bytes"))) u32 sm2_table_bytes(int W) {
  return (u32)(table_windows(W) << (W - 1)) * sizeof(aff);
}

static void read_point(aff *q) {
  fe_from_be(q->x, io);
  fe_from_be(q->y, io + 32);
}

/* Builds the table of P_A (io[0, 64)) with window W (4..10) at `table`. */
__attribute__((export_name("sm2_build_table"))) void sm2_build_table(aff *table, int W) {
  aff q;
  read_point(&q);
  build_table(table, &q, W);
}

/* a + b mod n for a, b < n */
static void scalar_add(fe r, const fe a, const fe b) {
  fe sum, reduced;
  u32 carry = add_limbs(sum, a, b);
  u32 borrow = sub_limbs(reduced, sum, N);
  if (carry || !borrow) fe_copy(r, reduced);
  else fe_copy(r, sum);
}

/* a − b mod n for a < n and any b < 2^256 (b is reduced first: 2^256 < 2n) */
static void scalar_sub(fe r, const fe a, const fe b) {
  fe b_mod, diff;
  if (sub_limbs(b_mod, b, N)) fe_copy(b_mod, b);
  if (sub_limbs(diff, a, b_mod)) add_limbs(r, diff, N);
  else fe_copy(r, diff);
}

/*
 * GB/T 32918.2 §7.1 B5–B7 from r, s, e (io[64, 160)): t = (r + s) mod n, false when t = 0;
 * (x₁, y₁) = s·G + t·P_A with t·P_A from P_A's table when `table` is non-null, else by wNAF
 * from io[0, 64); true iff (e + x₁) mod n = r, i.e. x₁ ≡ r − e (mod n).
 */
static int verify(const aff *table, int W) {
  u32 r[8], s[9] = {0}, e[8], t[9] = {0};
  fe c;
  limbs_from_be(r, io + 64);
  limbs_from_be(s, io + 96);
  limbs_from_be(e, io + 128);
  scalar_add(t, r, s);
  if (fe_is_zero(t)) return 0;
  scalar_sub(c, r, e);
  jac acc;
  if (table) {
    UNROLL for (int i = 0; i < 8; i++) acc.Z[i] = 0;
    add_mul_table(&acc, table, W, t);
  } else {
    aff q;
    read_point(&q);
    mul_wnaf(&acc, &q, t);
  }
  add_mul_table(&acc, g_table, G_W, s);
  return x_matches(&acc, c);
}

/* 1 when (e + x₁) mod n = r for (x₁, y₁) = s·G + t·P_A, P_A at io[0, 64); else 0. */
__attribute__((export_name("sm2_verify"))) int sm2_verify(void) {
  return verify(0, 0);
}

/* As sm2_verify, with P_A's table built by sm2_build_table(table, W). */
__attribute__((export_name("sm2_verify_table"))) int sm2_verify_table(const aff *table, int W) {
  return verify(table, W);
}
