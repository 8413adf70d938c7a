/* What the launchers share (packaging/README.md): launcher.c (Linux, macOS) and
 * launcher_win.c (Windows) include this file once. It holds the trailer's layout, the
 * SHA-256 and the reading of the payload's entries, so every target reads the same format
 * that packaging/build_dist.py writes.
 *
 * The file is the launcher followed by the payload (the bundle's entries, deflated) and a
 * trailer of TRAILER_SIZE bytes: MAGIC, the payload's offset and size (8 bytes each,
 * big-endian) and the SHA-256 of the (compressed) payload.
 *
 * The including file defines, before it uses anything here:
 *   fail(what)          print "<program>: <what>", remove its temporary folder, exit 1;
 *   self_read(buf, n)   read up to n bytes of its own file at the current position
 *                       (the number read, <= 0 on an error).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#define BUNDLE_PROGRAM "cine-bundle"
#define MAGIC "CINEPAY1"
#define TRAILER_SIZE (8 + 8 + 8 + 32)
#define ENTRY_PATH 4096                 /* an entry's path (or link target) and its NUL */

static void fail(const char *what);
static long self_read(unsigned char *buf, size_t n);

/* ---- SHA-256 (FIPS 180-4) ---- */

typedef struct {
    uint32_t h[8];
    uint64_t length;
    unsigned char block[64];
    size_t used;
} sha256;

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(sha256 *s, const unsigned char *p)
{
    uint32_t w[64], a, b, c, d, e, f, g, h;
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16
             | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROTR(w[i - 15], 7) ^ ROTR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROTR(w[i - 2], 17) ^ ROTR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = s->h[0]; b = s->h[1]; c = s->h[2]; d = s->h[3];
    e = s->h[4]; f = s->h[5]; g = s->h[6]; h = s->h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d;
    s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}

static void sha256_init(sha256 *s)
{
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, h0, sizeof h0);
    s->length = 0;
    s->used = 0;
}

static void sha256_update(sha256 *s, const unsigned char *p, size_t n)
{
    s->length += n;
    while (n) {
        size_t take = 64 - s->used < n ? 64 - s->used : n;
        memcpy(s->block + s->used, p, take);
        s->used += take; p += take; n -= take;
        if (s->used == 64) {
            sha256_block(s, s->block);
            s->used = 0;
        }
    }
}

static void sha256_final(sha256 *s, unsigned char out[32])
{
    uint64_t bits = s->length * 8;
    unsigned char pad = 0x80, zero = 0, len[8];
    sha256_update(s, &pad, 1);
    while (s->used != 56)
        sha256_update(s, &zero, 1);
    for (int i = 0; i < 8; i++)
        len[i] = (unsigned char)(bits >> (56 - 8 * i));
    sha256_update(s, len, 8);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = s->h[i] >> 24; out[4 * i + 1] = s->h[i] >> 16;
        out[4 * i + 2] = s->h[i] >> 8; out[4 * i + 3] = s->h[i];
    }
}

/* ---- the payload: a deflated stream of entries ----
 * entry: type (1 byte: 'd' folder, 'f' file, 'l' symbolic link), mode (4 bytes), path
 * length (2), data length (8), all big-endian, then the path ('/'-separated, relative) and
 * the data (a link's target); an 'E' ends the stream.
 */

typedef struct {
    uint64_t left;              /* compressed bytes not read yet */
    z_stream z;
    sha256 hash;                /* of the compressed bytes read so far */
    unsigned char in[1 << 16];
    int ended;
} payload;

static void payload_read(payload *p, void *dst, size_t n)
{
    p->z.next_out = dst;
    p->z.avail_out = (uInt)n;
    while (p->z.avail_out) {
        if (p->ended)
            fail("damaged payload (truncated)");
        if (!p->z.avail_in && p->left) {
            size_t want = p->left < sizeof p->in ? (size_t)p->left : sizeof p->in;
            long got = self_read(p->in, want);
            if (got <= 0)
                fail("cannot read its own payload");
            sha256_update(&p->hash, p->in, (size_t)got);
            p->left -= (uint64_t)got;
            p->z.next_in = p->in;
            p->z.avail_in = (uInt)got;
        }
        int rc = inflate(&p->z, Z_NO_FLUSH);
        if (rc == Z_STREAM_END)
            p->ended = 1;
        else if (rc != Z_OK)
            fail("damaged payload (inflate)");
    }
}

static uint64_t be(const unsigned char *b, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | b[i];
    return v;
}

/* relative, and no ".." component */
static int safe_path(const char *path)
{
    if (!*path || path[0] == '/')
        return 0;
    for (const char *p = path; p; p = strchr(p, '/')) {
        if (*p == '/')
            p++;
        if (p[0] == '.' && p[1] == '.' && (p[2] == '/' || !p[2]))
            return 0;
    }
    return 1;
}

typedef struct {
    unsigned char type;         /* 'd', 'f' or 'l' (any other is the caller's to refuse) */
    unsigned mode;              /* permission bits */
    uint64_t size;              /* the data that follows: a file's bytes, a link's target */
    char path[ENTRY_PATH];      /* relative, '/'-separated, checked by safe_path */
} entry;

/* The next entry's header and path (its data is left to read); 0 at the end. */
static int next_entry(payload *p, entry *e)
{
    unsigned char head[15];
    payload_read(p, head, 1);
    if (head[0] == 'E')
        return 0;
    payload_read(p, head + 1, 14);
    e->type = head[0];
    e->mode = (unsigned)be(head + 1, 4) & 0777;
    size_t plen = (size_t)be(head + 5, 2);
    e->size = be(head + 7, 8);
    if (plen >= sizeof e->path)
        fail("damaged payload (path)");
    payload_read(p, e->path, plen);
    e->path[plen] = 0;
    if (!safe_path(e->path))
        fail("damaged payload (path)");
    return 1;
}

/* Checks the trailer (the file's last TRAILER_SIZE bytes, `end` its size) and starts reading
 * the payload: the caller seeks to the returned offset, then reads the entries. */
static uint64_t payload_start(payload *p, const unsigned char *trailer, uint64_t end)
{
    if (end < TRAILER_SIZE || memcmp(trailer, MAGIC, 8))
        fail("no payload: this launcher was not built by packaging/build_dist.py");
    uint64_t offset = be(trailer + 8, 8), size = be(trailer + 16, 8);
    if (offset + size + TRAILER_SIZE != end)
        fail("damaged payload (trailer)");
    memset(p, 0, sizeof *p);
    if (inflateInit(&p->z) != Z_OK)
        fail("out of memory");
    p->left = size;
    sha256_init(&p->hash);
    return offset;
}

/* After the 'E': the whole payload was read and its SHA-256 is the trailer's. */
static void payload_finish(payload *p, const unsigned char *trailer)
{
    unsigned char digest[32];
    sha256_final(&p->hash, digest);
    if (p->left || memcmp(digest, trailer + 24, 32))
        fail("damaged payload (SHA-256 differs)");
    inflateEnd(&p->z);
}
