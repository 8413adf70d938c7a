/* The single-file launcher of cine's frozen ffprobe, ffmpeg and cine (packaging/README.md).
 *
 * The file is this program followed by a payload: the PyInstaller onedir bundle, archived
 * by packaging/build_dist.py and deflated, then a trailer (TRAILER_SIZE bytes: magic,
 * payload offset and size, SHA-256 of the payload). build_dist.py compiles this file with
 * CINE_KEY, the bundle's version and the start of the payload's SHA-256, which names the
 * cache folder.
 *
 * Every run after the first costs one execve: the bundle's program under
 * $XDG_CACHE_HOME/cine/<key>/ (default ~/.cache/cine/<key>/) is run with the same
 * arguments, the tool's name in CINE_PROG. When it is not there (the first run), the
 * payload is unpacked into a fresh temporary folder next to it, its SHA-256 checked, and the
 * folder renamed into place: a rename is atomic, so a concurrent first run either wins or
 * finds the other's complete folder, and a killed one leaves at most its temporary folder.
 * Nothing is written anywhere else.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#ifndef CINE_KEY
#error "build with -DCINE_KEY=\"<version>-<hash>\" (packaging/build_dist.py does)"
#endif

#define BUNDLE_PROGRAM "cine-bundle"
#define MAGIC "CINEPAY1"
#define TRAILER_SIZE (8 + 8 + 8 + 32)

static const char *program_name;
static char unpacking[PATH_MAX + 32];   /* the temporary folder of a first run, while filled */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    remove(path);
    return 0;
}

static void die(const char *what, const char *path)
{
    int err = errno;
    if (unpacking[0])
        nftw(unpacking, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    errno = err;
    if (path)
        fprintf(stderr, "%s: %s %s: %s\n", program_name, what, path, strerror(errno));
    else
        fprintf(stderr, "%s: %s\n", program_name, what);
    exit(1);
}

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
 * length (2), data length (8), all big-endian, then the path and the data (a link's target).
 */

typedef struct {
    int fd;
    uint64_t left;              /* compressed bytes not read yet */
    z_stream z;
    sha256 hash;
    unsigned char in[1 << 16];
    int ended;
} payload;

static void payload_read(payload *p, void *dst, size_t n)
{
    p->z.next_out = dst;
    p->z.avail_out = (uInt)n;
    while (p->z.avail_out) {
        if (p->ended)
            die("damaged payload (truncated)", NULL);
        if (!p->z.avail_in && p->left) {
            size_t want = p->left < sizeof p->in ? p->left : sizeof p->in;
            ssize_t got = read(p->fd, p->in, want);
            if (got <= 0)
                die("cannot read its own payload", NULL);
            sha256_update(&p->hash, p->in, (size_t)got);
            p->left -= (uint64_t)got;
            p->z.next_in = p->in;
            p->z.avail_in = (uInt)got;
        }
        int rc = inflate(&p->z, Z_NO_FLUSH);
        if (rc == Z_STREAM_END)
            p->ended = 1;
        else if (rc != Z_OK)
            die("damaged payload (inflate)", NULL);
    }
}

static uint64_t be(const unsigned char *b, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | b[i];
    return v;
}

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

static void unpack(payload *p, const char *root)
{
    unsigned char head[15], buf[1 << 16];
    char rel[PATH_MAX], path[PATH_MAX * 2];
    for (;;) {
        payload_read(p, head, 1);
        if (head[0] == 'E')
            return;
        payload_read(p, head + 1, 14);
        mode_t mode = (mode_t)be(head + 1, 4) & 0777;
        size_t plen = (size_t)be(head + 5, 2);
        uint64_t dlen = be(head + 7, 8);
        if (plen >= sizeof rel)
            die("damaged payload (path)", NULL);
        payload_read(p, rel, plen);
        rel[plen] = 0;
        if (!safe_path(rel))
            die("damaged payload (path)", NULL);
        if (snprintf(path, sizeof path, "%s/%s", root, rel) >= (int)sizeof path)
            die("damaged payload (path)", NULL);
        if (head[0] == 'd') {
            if (mkdir(path, 0700) && errno != EEXIST)
                die("cannot create", path);
        } else if (head[0] == 'l') {
            if (dlen >= sizeof rel)
                die("damaged payload (link)", NULL);
            char target[PATH_MAX];
            payload_read(p, target, (size_t)dlen);
            target[dlen] = 0;
            if (symlink(target, path))
                die("cannot create", path);
        } else if (head[0] == 'f') {
            int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode | 0600);
            if (fd < 0)
                die("cannot create", path);
            while (dlen) {
                size_t n = dlen < sizeof buf ? (size_t)dlen : sizeof buf;
                payload_read(p, buf, n);
                for (size_t done = 0; done < n;) {
                    ssize_t w = write(fd, buf + done, n - done);
                    if (w < 0)
                        die("cannot write", path);
                    done += (size_t)w;
                }
                dlen -= n;
            }
            if (close(fd))
                die("cannot write", path);
        } else {
            die("damaged payload (entry)", NULL);
        }
    }
}

static void mkdirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(path, 0700) && errno != EEXIST)
            die("cannot create", path);
        *p = '/';
    }
    if (mkdir(path, 0700) && errno != EEXIST)
        die("cannot create", path);
}

/* Unpack the payload of `self` into `final` (a folder that does not exist yet). */
static void install(const char *parent, const char *final)
{
    int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        die("cannot open", "/proc/self/exe");
    unsigned char trailer[TRAILER_SIZE];
    off_t end = lseek(fd, 0, SEEK_END);
    if (end < TRAILER_SIZE || pread(fd, trailer, TRAILER_SIZE, end - TRAILER_SIZE) != TRAILER_SIZE
            || memcmp(trailer, MAGIC, 8))
        die("no payload: this launcher was not built by packaging/build_dist.py", NULL);
    uint64_t offset = be(trailer + 8, 8), size = be(trailer + 16, 8);
    if (offset + size + TRAILER_SIZE != (uint64_t)end || lseek(fd, (off_t)offset, SEEK_SET) < 0)
        die("damaged payload (trailer)", NULL);

    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", parent);
    mkdirs(dir);
    char *tmp = unpacking;
    snprintf(tmp, sizeof unpacking, "%s/.unpacking-XXXXXX", parent);
    if (!mkdtemp(tmp)) {
        tmp[0] = 0;
        die("cannot create a folder in", parent);
    }

    payload *p = calloc(1, sizeof *p);
    if (!p || inflateInit(&p->z) != Z_OK)
        die("out of memory", NULL);
    p->fd = fd;
    p->left = size;
    sha256_init(&p->hash);
    unpack(p, tmp);
    unsigned char digest[32];
    sha256_final(&p->hash, digest);
    if (p->left || memcmp(digest, trailer + 24, 32))
        die("damaged payload (SHA-256 differs)", NULL);
    inflateEnd(&p->z);
    close(fd);
    if (rename(tmp, final)) {
        if (errno != EEXIST && errno != ENOTEMPTY)
            die("cannot create", final);
        /* another first run won the race: its folder is complete */
        nftw(tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
    tmp[0] = 0;
}

int main(int argc, char **argv)
{
    (void)argc;
    const char *base = argv[0] ? strrchr(argv[0], '/') : NULL;
    base = base ? base + 1 : (argv[0] ? argv[0] : "cine");
    size_t n = strlen(base);
    if (n >= 7 && !strcmp(base + n - 7, "ffprobe"))
        program_name = "ffprobe";
    else if (n >= 6 && !strcmp(base + n - 6, "ffmpeg"))
        program_name = "ffmpeg";
    else
        program_name = "cine";

    char parent[PATH_MAX], final[PATH_MAX + 64], exe[PATH_MAX + 128];
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (xdg && xdg[0] == '/')
        snprintf(parent, sizeof parent, "%s/cine", xdg);
    else if (home && home[0] == '/')
        snprintf(parent, sizeof parent, "%s/.cache/cine", home);
    else
        die("neither HOME nor XDG_CACHE_HOME is set: no place for its cache", NULL);
    if (strlen(parent) > PATH_MAX - 128)
        die("the cache folder's path is too long", NULL);
    snprintf(final, sizeof final, "%s/%s", parent, CINE_KEY);
    snprintf(exe, sizeof exe, "%s/" BUNDLE_PROGRAM, final);

    if (setenv("CINE_PROG", program_name, 1))
        die("out of memory", NULL);
    argv[0] = exe;
    execv(exe, argv);
    if (errno != ENOENT)
        die("cannot run", exe);
    install(parent, final);
    execv(exe, argv);
    die("cannot run", exe);
    return 1;
}
