/*
 * SM3 compression function CF and padding (GB/T 32905-2016 §5.2–5.3) for WebAssembly. Built by
 * build.ts into ../_sm3-wasm-binary.ts; driven by ../_sm3-wasm.ts for the one-shot sm3(). The
 * TypeScript path of ../_sm3-portable.ts is its test oracle and the fallback without WebAssembly.
 *
 * Kept small on purpose (rounds in loops, not unrolled): browsers compile modules under 4 KB
 * synchronously on the main thread, and `sm3()` is synchronous, so the module must load there too.
 *
 * Memory at sm3_io():
 *   [0, 32)              V: the chaining value, 8 native (little-endian) 32-bit words
 *   [32, 32 + WINDOW)    input: whole blocks for sm3_blocks; a message tail for sm3_finish,
 *                        which pads it in place (up to 128 bytes) and writes the digest,
 *                        big-endian, to the window's first 32 bytes
 */
#include <stdint.h>

typedef uint32_t u32;

#define WINDOW 16384

static u32 IO[8 + (WINDOW + 128) / 4];
#define V IO
#define INPUT ((uint8_t *)(IO + 8))

static const u32 IV[8] = {0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e};

static inline u32 rotl(u32 x, u32 n) { return (x << (n & 31)) | (x >> ((32 - n) & 31)); }
static inline u32 p0(u32 x) { return x ^ rotl(x, 9) ^ rotl(x, 17); }
static inline u32 p1(u32 x) { return x ^ rotl(x, 15) ^ rotl(x, 23); }
static inline u32 load_be(const uint8_t *p) { return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3]; }

/* The constants T_j of §4.2: one for rounds 0..15, one for rounds 16..63. */
#define T_LOW 0x79cc4519
#define T_HIGH 0x7a879d8a

/*
 * One round of §5.3.3 with the registers renamed instead of shifted: after a round the spec's
 * (A, B, C, D) = (TT1, A, B <<< 9, C) and (E, F, G, H) = (P0(TT2), E, F <<< 19, G), so TT1 goes
 * into D's variable and P0(TT2) into H's; four rounds in turn bring the names back in order.
 */
#define ROUND(FF, GG, T, a, b, c, d, e, f, g, h, j)               \
  do {                                                            \
    u32 a12 = rotl(a, 12);                                        \
    u32 ss1 = rotl(a12 + e + rotl(T, j), 7);                      \
    d = FF(a, b, c) + d + (ss1 ^ a12) + (w[j] ^ w[(j) + 4]);      \
    u32 tt2 = GG(e, f, g) + h + ss1 + w[j];                       \
    b = rotl(b, 9);                                               \
    f = rotl(f, 19);                                              \
    h = p0(tt2);                                                  \
  } while (0)
#define XOR3(x, y, z) ((x) ^ (y) ^ (z))
#define MAJ(x, y, z) (((x) & (y)) | ((x) & (z)) | ((y) & (z)))
#define CHOOSE(x, y, z) (((x) & (y)) | (~(x) & (z)))
#define FOUR_ROUNDS(FF, GG, T, j)                          \
  do {                                                     \
    ROUND(FF, GG, T, A, B, C, D, E, F, G, H, j);           \
    ROUND(FF, GG, T, D, A, B, C, H, E, F, G, (j) + 1);     \
    ROUND(FF, GG, T, C, D, A, B, G, H, E, F, (j) + 2);     \
    ROUND(FF, GG, T, B, C, D, A, F, G, H, E, (j) + 3);     \
  } while (0)

/* CF(V, B) of §5.3 for the 64-byte block at b. */
static void compress(const uint8_t *b) {
  u32 w[68];
  for (int j = 0; j < 16; j++) w[j] = load_be(b + 4 * j);
  for (int j = 16; j < 68; j++) w[j] = p1(w[j - 16] ^ w[j - 9] ^ rotl(w[j - 3], 15)) ^ rotl(w[j - 13], 7) ^ w[j - 6];
  u32 A = V[0], B = V[1], C = V[2], D = V[3], E = V[4], F = V[5], G = V[6], H = V[7];
  for (u32 j = 0; j < 16; j += 4) FOUR_ROUNDS(XOR3, XOR3, T_LOW, j);
  for (u32 j = 16; j < 64; j += 4) FOUR_ROUNDS(MAJ, CHOOSE, T_HIGH, j);
  V[0] ^= A, V[1] ^= B, V[2] ^= C, V[3] ^= D, V[4] ^= E, V[5] ^= F, V[6] ^= G, V[7] ^= H;
}

/* Where V and the input window start. */
__attribute__((export_name("sm3_io"))) uint8_t *sm3_io(void) { return (uint8_t *)IO; }

/* The input window's size in bytes (a multiple of 64). */
__attribute__((export_name("sm3_window"))) u32 sm3_window(void) { return WINDOW; }

/* V = IV (§4.1): starts a message. */
__attribute__((export_name("sm3_init"))) void sm3_init(void) {
  for (int i = 0; i < 8; i++) V[i] = IV[i];
}

/* Compresses the first n blocks of the input window (n ≤ WINDOW / 64) into V. */
__attribute__((export_name("sm3_blocks"))) void sm3_blocks(u32 n) {
  for (u32 i = 0; i < n; i++) compress(INPUT + 64 * i);
}

/*
 * Ends the message: the input window holds its last `rest` bytes (rest < 64); the whole message
 * was `bits` bits long (hi:lo). Pads per §5.2 (0x80, zeros, 64-bit big-endian length),
 * compresses, and writes the 32-byte digest to the start of the input window.
 */
__attribute__((export_name("sm3_finish"))) void sm3_finish(u32 rest, u32 bits_hi, u32 bits_lo) {
  u32 total = rest + 9 <= 64 ? 64 : 128;
  INPUT[rest] = 0x80;
  for (u32 i = rest + 1; i < total - 8; i++) INPUT[i] = 0;
  for (u32 i = 0; i < 4; i++) {
    INPUT[total - 8 + i] = (uint8_t)(bits_hi >> (24 - 8 * i));
    INPUT[total - 4 + i] = (uint8_t)(bits_lo >> (24 - 8 * i));
  }
  sm3_blocks(total / 64);
  for (int i = 0; i < 8; i++) {
    INPUT[4 * i] = (uint8_t)(V[i] >> 24);
    INPUT[4 * i + 1] = (uint8_t)(V[i] >> 16);
    INPUT[4 * i + 2] = (uint8_t)(V[i] >> 8);
    INPUT[4 * i + 3] = (uint8_t)V[i];
  }
}

/* One-shot SM3 of the first `length` bytes of the input window (length ≤ WINDOW). */
__attribute__((export_name("sm3_digest"))) void sm3_digest(u32 length) {
  sm3_init();
  u32 full = length / 64;
  sm3_blocks(full);
  u32 rest = length - 64 * full;
  for (u32 i = 0; i < rest; i++) INPUT[i] = INPUT[64 * full + i];
  sm3_finish(rest, length >> 29, length << 3);
}
